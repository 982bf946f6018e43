//! Writing a whole file at once, for every file steady writes beside or outside the
//! database (the keyring, the SSH key list, the login tally, the rules-run marker, reports):
//! the bytes go to a hidden temporary file in the same folder, only its owner may read it
//! (0600), it is fsynced, and then it takes the name in one step and the folder is synced.
//! A reader sees the old file or the new one, never half of one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rand::RngCore;

/// Whether an existing file at the path may be replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    Replace,
    /// Fail with `AlreadyExists` instead (and leave the file as it is).
    Keep,
}

/// Writes `body` to `path` atomically (see the module's note).
pub fn write_atomically(path: &Path, body: &[u8]) -> std::io::Result<()> {
    write_whole(path, body, Existing::Replace)
}

/// As [`write_atomically`]; with [`Existing::Keep`] a file already at `path` is never
/// touched: the temporary file is hard-linked to the name, which fails if it is taken.
pub fn write_whole(path: &Path, body: &[u8], existing: Existing) -> std::io::Result<()> {
    let tmp = temporary_beside(path);
    let result = (|| {
        create_private(&tmp, body)?;
        match existing {
            Existing::Replace => fs::rename(&tmp, path),
            Existing::Keep => match fs::hard_link(&tmp, path) {
                // A file system without hard links (FAT, some network shares): still never
                // replace a file, at the cost of a moment in which it is incomplete.
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    create_private(path, body)
                }
                linked => linked,
            },
        }
    })();
    // Renamed away already, or ours to remove (a failed or linked write).
    let _ = fs::remove_file(&tmp);
    result?;
    sync_folder(path);
    Ok(())
}

/// A new file at `path` (never an existing one), 0600, with `body`, fsynced.
fn create_private(path: &Path, body: &[u8]) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(body)?;
    file.sync_all()
}

/// ".NAME.RANDOM.tmp" in `path`'s folder.
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let mut suffix = [0u8; 6];
    rand::rngs::OsRng.fill_bytes(&mut suffix);
    path.with_file_name(format!(".{name}.{}.tmp", hex::encode(suffix)))
}

/// Makes a new name in `path`'s folder durable (best effort: the data is already synced).
fn sync_folder(path: &Path) {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(folder) = fs::File::open(folder) {
        let _ = folder.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_whole_write_replaces_or_keeps_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.csv");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let kept = write_whole(&path, b"three", Existing::Keep).unwrap_err();
        assert_eq!(kept.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"two");
        write_whole(&dir.path().join("new.csv"), b"four", Existing::Keep).unwrap();
        assert_eq!(names(dir.path()), vec!["new.csv", "report.csv"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no such folder").join("file");
        assert!(write_atomically(&missing, b"x").is_err());
        assert!(names(dir.path()).is_empty());
    }
}
