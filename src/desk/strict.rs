//! Strict modes, as sshd's `StrictModes`: a vault whose folder or files others could read or
//! write, or that belong to another user, is refused before anything in it is read.

use std::path::Path;

use super::{Error, Result, VaultPaths};

/// The files of a vault that may exist beside the database, checked when present.
fn vault_files(paths: &VaultPaths) -> Vec<std::path::PathBuf> {
    let mut files = vec![
        paths.db.clone(),
        paths.keyring.clone(),
        paths.tally.clone(),
        crate::vault::key_list_path_for(&paths.db),
        super::batch::rules_failure_path(&paths.db),
    ];
    for suffix in ["-wal", "-shm"] {
        let mut companion = paths.db.clone().into_os_string();
        companion.push(suffix);
        files.push(companion.into());
    }
    files
}

/// The folder a vault's files live in (`.` for a bare file name).
pub(super) fn vault_folder(db: &Path) -> &Path {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Refuses the vault unless its folder is a directory and it and every file of the vault
/// that exists belong to the user running steady and are closed to group and others.
/// A missing folder passes: `init` creates it private.
pub fn check_strict_modes(paths: &VaultPaths) -> Result<()> {
    #[cfg(unix)]
    {
        let folder = vault_folder(&paths.db);
        match std::fs::symlink_metadata(folder) {
            Ok(_) => check_path(folder, true)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(unsafe_vault(folder, &format!("cannot be examined ({e})"))),
        }
        for file in vault_files(paths) {
            // One look per file: a write-ahead log that another session's checkpoint
            // removes between two looks is simply not there, not a fault.
            match std::fs::symlink_metadata(&file) {
                Ok(meta) => check_meta(&file, &meta, false)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(unsafe_vault(&file, &format!("cannot be examined ({e})"))),
            }
        }
    }
    #[cfg(not(unix))]
    let _ = paths;
    Ok(())
}

#[cfg(unix)]
fn check_path(path: &Path, folder: bool) -> Result<()> {
    // The folder may be reached through a symbolic link (a deployment's choice); the files
    // in it may not, or a link could point the vault at someone else's file.
    let meta = if folder {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    }
    .map_err(|e| unsafe_vault(path, &format!("cannot be examined ({e})")))?;
    check_meta(path, &meta, folder)
}

#[cfg(unix)]
fn check_meta(path: &Path, meta: &std::fs::Metadata, folder: bool) -> Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let what = if folder { "folder" } else { "file" };
    if folder && !meta.is_dir() {
        return Err(unsafe_vault(path, "is not a folder"));
    }
    if !folder && meta.file_type().is_symlink() {
        return Err(unsafe_vault(path, "is a symbolic link"));
    }
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Err(unsafe_vault(
            path,
            &format!(
                "belongs to user id {}, not to the user running steady (id {me}); run steady as the vault's owner, or `chown` it",
                meta.uid()
            ),
        ));
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        let (fix, wanted) = if folder {
            ("700", "0700")
        } else {
            ("600", "0600")
        };
        return Err(unsafe_vault(
            path,
            &format!(
                "is open to group or others (mode {mode:04o}, a vault {what} must be {wanted}); run `chmod {fix} {}`",
                path.display()
            ),
        ));
    }
    Ok(())
}

fn unsafe_vault(path: &Path, problem: &str) -> Error {
    Error::StrictModes(format!("refusing the vault: {} {problem}", path.display()))
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn chmod(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn a_private_vault_passes_and_a_loose_folder_or_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("vault");
        std::fs::create_dir(&folder).unwrap();
        chmod(&folder, 0o700);
        let paths = VaultPaths::for_db(&folder.join("steady.db"));
        check_strict_modes(&paths).unwrap();
        std::fs::write(&paths.db, b"x").unwrap();
        chmod(&paths.db, 0o600);
        check_strict_modes(&paths).unwrap();

        chmod(&paths.db, 0o640);
        let e = check_strict_modes(&paths).unwrap_err();
        assert_eq!(e.exit_code(), 6);
        assert!(e.to_string().contains("mode 0640"), "{e}");
        assert!(e.to_string().contains("chmod 600"), "{e}");
        chmod(&paths.db, 0o600);

        chmod(&folder, 0o755);
        let e = check_strict_modes(&paths).unwrap_err();
        assert!(e.to_string().contains("folder"), "{e}");
        assert!(e.to_string().contains("chmod 700"), "{e}");
        chmod(&folder, 0o701);
        assert!(check_strict_modes(&paths).is_err(), "search by others too");
        chmod(&folder, 0o700);

        let wal = folder.join("steady.db-wal");
        std::fs::write(&wal, b"").unwrap();
        chmod(&wal, 0o606);
        assert!(
            check_strict_modes(&paths).is_err(),
            "the log is a vault file"
        );
    }

    #[test]
    fn a_linked_file_and_a_missing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let missing = VaultPaths::for_db(&dir.path().join("none").join("steady.db"));
        check_strict_modes(&missing).unwrap();
        let folder = dir.path().join("vault");
        std::fs::create_dir(&folder).unwrap();
        chmod(&folder, 0o700);
        let other = dir.path().join("elsewhere.keyring");
        std::fs::write(&other, b"{}").unwrap();
        chmod(&other, 0o600);
        let paths = VaultPaths::for_db(&folder.join("steady.db"));
        std::os::unix::fs::symlink(&other, &paths.keyring).unwrap();
        let e = check_strict_modes(&paths).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
    }
}
