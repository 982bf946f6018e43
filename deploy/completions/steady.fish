# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_steady_global_optspecs
    string join \n db= user= json rules= lock-minutes= screen-reader h/help V/version
end

function __fish_steady_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_steady_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_steady_using_subcommand
    set -l cmd (__fish_steady_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c steady -n "__fish_steady_needs_command" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_needs_command" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_needs_command" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_needs_command" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_needs_command" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_needs_command" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c steady -n "__fish_steady_needs_command" -s V -l version -d 'Print version'
complete -c steady -n "__fish_steady_needs_command" -f -a "demo" -d 'Create (or reuse) a demo vault with a synthetic roster, print its logins, open the app'
complete -c steady -n "__fish_steady_needs_command" -f -a "init" -d 'Create a new vault with its first admin account'
complete -c steady -n "__fish_steady_needs_command" -f -a "account" -d 'Accounts: add, change your passphrase, disable, list'
complete -c steady -n "__fish_steady_needs_command" -f -a "rekey" -d 'Replace the master key (after disabling an account, or on a schedule)'
complete -c steady -n "__fish_steady_needs_command" -f -a "config" -d 'Vault settings: get, set (admin), list; e.g. the reports\' minimum k, report.min_k'
complete -c steady -n "__fish_steady_needs_command" -f -a "people" -d 'The roster: import a CSV, add, list, show'
complete -c steady -n "__fish_steady_needs_command" -f -a "mentor" -d 'Pair mentors with mentees'
complete -c steady -n "__fish_steady_needs_command" -f -a "audit" -d 'The tamper-evident audit log: verify, list, head; and who read your records (mine)'
complete -c steady -n "__fish_steady_needs_command" -f -a "rules" -d 'Early-intervention rules: check a file, run them (today), audit the prompts, back-test a change'
complete -c steady -n "__fish_steady_needs_command" -f -a "prompts" -d 'The prompts the rules raise for you: list, acknowledge, snooze, undo; who no one can be prompted about (admins)'
complete -c steady -n "__fish_steady_needs_command" -f -a "score" -d 'Score a questionnaire without a vault (nothing is stored); \'-\' marks a skipped item'
complete -c steady -n "__fish_steady_needs_command" -f -a "selfcheck" -d 'Confidential self-checks: take, list, share, unshare, delete'
complete -c steady -n "__fish_steady_needs_command" -f -a "checkin" -d 'Check-ins with the people in your care: add, list, show, edit'
complete -c steady -n "__fish_steady_needs_command" -f -a "resources" -d 'The resource catalog: list, show, suggest; coordinators add, edit, retire'
complete -c steady -n "__fish_steady_needs_command" -f -a "referral" -d 'Referrals to resources: add, list, show, set; the coordinators\' queue'
complete -c steady -n "__fish_steady_needs_command" -f -a "purge" -d 'Remove old check-in notes and finished referrals under the retention policy (admin)'
complete -c steady -n "__fish_steady_needs_command" -f -a "report" -d 'Aggregate reports by unit and month, small groups suppressed (coordinators, admins, supervisors)'
complete -c steady -n "__fish_steady_needs_command" -f -a "export" -d 'Export everything recorded about you, as JSON (your right of access)'
complete -c steady -n "__fish_steady_needs_command" -f -a "backup" -d 'Write a consistent encrypted copy of the vault to FILE (and FILE.keyring) (admin)'
complete -c steady -n "__fish_steady_needs_command" -f -a "restore" -d 'Replace the vault with a backup, after unlocking it and verifying its audit log'
complete -c steady -n "__fish_steady_needs_command" -f -a "ssh-key" -d 'OpenSSH keys per account: add, list, remove, sync (admin)'
complete -c steady -n "__fish_steady_needs_command" -f -a "authorized-keys" -d 'For sshd\'s AuthorizedKeysCommand (%u %t %k): the forced-command line for a key, or nothing'
complete -c steady -n "__fish_steady_needs_command" -f -a "session" -d 'The forced command of every SSH key: the app pinned to one login, or an allowed export'
complete -c steady -n "__fish_steady_needs_command" -f -a "completions" -d 'Print a completion script for bash, zsh or fish (no vault needed), e.g. `steady completions bash > /etc/bash_completion.d/steady`'
complete -c steady -n "__fish_steady_needs_command" -f -a "man" -d 'Print the manual page, in roff (no vault needed): `steady man | man -l -`'
complete -c steady -n "__fish_steady_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand demo" -l dir -d 'Folder of the demo vault (default: a `demo` folder in your data folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand demo" -l people -d 'How many synthetic people to put on the roster' -r
complete -c steady -n "__fish_steady_using_subcommand demo" -l years -d 'Years of synthetic check-ins, referrals and self-check bands up to today (0: none)' -r
complete -c steady -n "__fish_steady_using_subcommand demo" -l kdf-memory-mib -d 'argon2id memory per login, in MiB (default 64: RFC 9106\'s second recommendation; never below 19)' -r
complete -c steady -n "__fish_steady_using_subcommand demo" -l kdf-iterations -d 'argon2id passes per login (default 3; never below 2)' -r
complete -c steady -n "__fish_steady_using_subcommand demo" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand demo" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand demo" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand demo" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand demo" -l no-tui -d 'Create the vault and print the logins, but do not open the app'
complete -c steady -n "__fish_steady_using_subcommand demo" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand demo" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand demo" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand init" -l admin -d 'Login of the first admin account' -r
complete -c steady -n "__fish_steady_using_subcommand init" -l name -d 'A name for the vault, shown on the login screen' -r
complete -c steady -n "__fish_steady_using_subcommand init" -l kdf-memory-mib -d 'argon2id memory per login, in MiB (default 64: RFC 9106\'s second recommendation; never below 19)' -r
complete -c steady -n "__fish_steady_using_subcommand init" -l kdf-iterations -d 'argon2id passes per login (default 3; never below 2)' -r
complete -c steady -n "__fish_steady_using_subcommand init" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand init" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand init" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand init" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand init" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand init" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand init" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -f -a "add" -d 'Add an account; prints a one-time passphrase to pass on privately'
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -f -a "passwd" -d 'Change your passphrase (current from STEADY_PASSPHRASE, new from STEADY_NEW_PASSPHRASE)'
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -f -a "disable" -d 'Disable an account: it can no longer log in (run `steady rekey` afterwards)'
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -f -a "roles" -d 'Give an account exactly these roles (admin). A new coordinator cannot read self-checks shared before they held the role; the last active admin keeps the admin role'
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -f -a "reset" -d 'Reset a forgotten passphrase (admin): prints a new one-time passphrase; self-checks the person never shared cannot be opened again'
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -f -a "list" -d 'List accounts (admin)'
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -f -a "coordinators" -d 'Who holds the coordinator role, and so can read a self-check you share (anyone)'
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -f -a "screen-reader" -d 'Your preference: start later logins in the screen-reader mode (on, off), or show it'
complete -c steady -n "__fish_steady_using_subcommand account; and not __fish_seen_subcommand_from add passwd disable roles reset list coordinators screen-reader help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from add" -l roles -d 'Roles, comma-separated: admin, supervisor, mentor, coordinator, employee' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from add" -l person -d 'The roster person this account is (needed for supervisor and employee)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from add" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from add" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from add" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from add" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from add" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from passwd" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from passwd" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from passwd" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from passwd" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from passwd" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from passwd" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from passwd" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from disable" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from disable" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from disable" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from disable" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from disable" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from disable" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from roles" -l roles -d 'Roles, comma-separated: admin, supervisor, mentor, coordinator, employee' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from roles" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from roles" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from roles" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from roles" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from roles" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from roles" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from roles" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from reset" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from reset" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from reset" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from reset" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from reset" -l yes -d 'Do not ask for confirmation (needed without a terminal)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from reset" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from reset" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from list" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from list" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from list" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from list" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from list" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from coordinators" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from coordinators" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from coordinators" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from coordinators" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from coordinators" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from coordinators" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from coordinators" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from screen-reader" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from screen-reader" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from screen-reader" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from screen-reader" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from screen-reader" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from screen-reader" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from screen-reader" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add an account; prints a one-time passphrase to pass on privately'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "passwd" -d 'Change your passphrase (current from STEADY_PASSPHRASE, new from STEADY_NEW_PASSPHRASE)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Disable an account: it can no longer log in (run `steady rekey` afterwards)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "roles" -d 'Give an account exactly these roles (admin). A new coordinator cannot read self-checks shared before they held the role; the last active admin keeps the admin role'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Reset a forgotten passphrase (admin): prints a new one-time passphrase; self-checks the person never shared cannot be opened again'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "list" -d 'List accounts (admin)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "coordinators" -d 'Who holds the coordinator role, and so can read a self-check you share (anyone)'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "screen-reader" -d 'Your preference: start later logins in the screen-reader mode (on, off), or show it'
complete -c steady -n "__fish_steady_using_subcommand account; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand rekey" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rekey" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand rekey" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rekey" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand rekey" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand rekey" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand rekey" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand config; and not __fish_seen_subcommand_from get set list help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand config; and not __fish_seen_subcommand_from get set list help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand config; and not __fish_seen_subcommand_from get set list help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand config; and not __fish_seen_subcommand_from get set list help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand config; and not __fish_seen_subcommand_from get set list help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand config; and not __fish_seen_subcommand_from get set list help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand config; and not __fish_seen_subcommand_from get set list help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand config; and not __fish_seen_subcommand_from get set list help" -f -a "get" -d 'One setting\'s value (and its default)'
complete -c steady -n "__fish_steady_using_subcommand config; and not __fish_seen_subcommand_from get set list help" -f -a "set" -d 'Change a setting (admins; audited), e.g. `config set report.min_k 7`'
complete -c steady -n "__fish_steady_using_subcommand config; and not __fish_seen_subcommand_from get set list help" -f -a "list" -d 'Every setting with its value, default and meaning'
complete -c steady -n "__fish_steady_using_subcommand config; and not __fish_seen_subcommand_from get set list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from get" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from get" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from get" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from get" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from get" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from get" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from set" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from set" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from set" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from set" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from set" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from list" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from list" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from list" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from list" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from list" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'One setting\'s value (and its default)'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a setting (admins; audited), e.g. `config set report.min_k 7`'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every setting with its value, default and meaning'
complete -c steady -n "__fish_steady_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand people; and not __fish_seen_subcommand_from import add list show help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand people; and not __fish_seen_subcommand_from import add list show help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand people; and not __fish_seen_subcommand_from import add list show help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand people; and not __fish_seen_subcommand_from import add list show help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand people; and not __fish_seen_subcommand_from import add list show help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand people; and not __fish_seen_subcommand_from import add list show help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand people; and not __fish_seen_subcommand_from import add list show help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand people; and not __fish_seen_subcommand_from import add list show help" -f -a "import" -d 'Import or update people from a CSV: employee_id,name,unit,supervisor_id (header required)'
complete -c steady -n "__fish_steady_using_subcommand people; and not __fish_seen_subcommand_from import add list show help" -f -a "add" -d 'Add one person'
complete -c steady -n "__fish_steady_using_subcommand people; and not __fish_seen_subcommand_from import add list show help" -f -a "list" -d 'List the people you may see'
complete -c steady -n "__fish_steady_using_subcommand people; and not __fish_seen_subcommand_from import add list show help" -f -a "show" -d 'Show one person'
complete -c steady -n "__fish_steady_using_subcommand people; and not __fish_seen_subcommand_from import add list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from import" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from import" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from import" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from import" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from import" -l deactivate-missing -d 'Mark people who are not in the file as inactive (history is kept)'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from import" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from import" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from add" -l name -r
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from add" -l unit -r
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from add" -l supervisor -d 'Employee id of their supervisor' -r
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from add" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from add" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from add" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from add" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from add" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from list" -l unit -d 'Only people whose unit is exactly this' -r
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from list" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from list" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from list" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from list" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from list" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from show" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from show" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from show" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from show" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from show" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import or update people from a CSV: employee_id,name,unit,supervisor_id (header required)'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add one person'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the people you may see'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one person'
complete -c steady -n "__fish_steady_using_subcommand people; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand mentor; and not __fish_seen_subcommand_from assign unassign help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand mentor; and not __fish_seen_subcommand_from assign unassign help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand mentor; and not __fish_seen_subcommand_from assign unassign help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand mentor; and not __fish_seen_subcommand_from assign unassign help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand mentor; and not __fish_seen_subcommand_from assign unassign help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand mentor; and not __fish_seen_subcommand_from assign unassign help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand mentor; and not __fish_seen_subcommand_from assign unassign help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand mentor; and not __fish_seen_subcommand_from assign unassign help" -f -a "assign" -d 'Make LOGIN (a mentor account) the mentor of EMP'
complete -c steady -n "__fish_steady_using_subcommand mentor; and not __fish_seen_subcommand_from assign unassign help" -f -a "unassign" -d 'End a mentoring pair'
complete -c steady -n "__fish_steady_using_subcommand mentor; and not __fish_seen_subcommand_from assign unassign help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from assign" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from assign" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from assign" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from assign" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from assign" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from assign" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from assign" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from unassign" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from unassign" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from unassign" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from unassign" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from unassign" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from unassign" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from unassign" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from help" -f -a "assign" -d 'Make LOGIN (a mentor account) the mentor of EMP'
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from help" -f -a "unassign" -d 'End a mentoring pair'
complete -c steady -n "__fish_steady_using_subcommand mentor; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand audit; and not __fish_seen_subcommand_from verify list head mine help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand audit; and not __fish_seen_subcommand_from verify list head mine help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and not __fish_seen_subcommand_from verify list head mine help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand audit; and not __fish_seen_subcommand_from verify list head mine help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and not __fish_seen_subcommand_from verify list head mine help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand audit; and not __fish_seen_subcommand_from verify list head mine help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand audit; and not __fish_seen_subcommand_from verify list head mine help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand audit; and not __fish_seen_subcommand_from verify list head mine help" -f -a "verify" -d 'Replay the chain from its first entry (hashes, links, which key may sign for whom, signatures) and re-hash every audited row against the hash its last entry recorded'
complete -c steady -n "__fish_steady_using_subcommand audit; and not __fish_seen_subcommand_from verify list head mine help" -f -a "list" -d 'List the newest entries'
complete -c steady -n "__fish_steady_using_subcommand audit; and not __fish_seen_subcommand_from verify list head mine help" -f -a "head" -d 'Print the last entry\'s sequence number and hash, to record somewhere else'
complete -c steady -n "__fish_steady_using_subcommand audit; and not __fish_seen_subcommand_from verify list head mine help" -f -a "mine" -d 'Who else read or changed the records about you, newest first (any employee)'
complete -c steady -n "__fish_steady_using_subcommand audit; and not __fish_seen_subcommand_from verify list head mine help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from verify" -l checkpoint -d 'A checkpoint recorded earlier with `audit head`, as SEQ:HASH; it must still be in the log' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from verify" -l since -d 'Trust this checkpoint (from an earlier full verify) and check only the entries after it and the rows they wrote: fast enough to run daily' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from verify" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from verify" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from verify" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from verify" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from verify" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from list" -l limit -d 'How many entries' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from list" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from list" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from list" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from list" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from list" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from head" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from head" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from head" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from head" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from head" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from head" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from head" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from mine" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from mine" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from mine" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from mine" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from mine" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from mine" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from mine" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Replay the chain from its first entry (hashes, links, which key may sign for whom, signatures) and re-hash every audited row against the hash its last entry recorded'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the newest entries'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "head" -d 'Print the last entry\'s sequence number and hash, to record somewhere else'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "mine" -d 'Who else read or changed the records about you, newest first (any employee)'
complete -c steady -n "__fish_steady_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -f -a "check" -d 'Check a rules file (default: the rules in force) and list every problem with its line'
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -f -a "run" -d 'Leave live exactly the prompts whose conditions hold today, evaluating only the people whose prompts could have changed since the last run (the daily timer runs this)'
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -f -a "audit" -d 'Check every open prompt against the records: each reason re-derived, each cited record opened as each person the prompt reaches (counts only; changes nothing)'
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -f -a "failed" -d 'Record that the daily run failed, for admins to see at their next login (the timer\'s OnFailure= handler runs this; no passphrase, nothing in the vault changes)'
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -f -a "test" -d 'Back-test a rules file against the data, changing nothing'
complete -c steady -n "__fish_steady_using_subcommand rules; and not __fish_seen_subcommand_from check run audit failed test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from check" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from check" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from check" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from check" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from check" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from check" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from run" -l as-of -d 'Evaluate as of this day (YYYY-MM-DD; default today)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from run" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from run" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from run" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from run" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from run" -l full -d 'Evaluate everyone, whatever changed (the same prompts, at the cost of reading every record)'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from run" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from run" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from audit" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from audit" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from audit" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from audit" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from audit" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from audit" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from audit" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from failed" -l unit -d 'The systemd unit that failed' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from failed" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from failed" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from failed" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from failed" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from failed" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from failed" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from failed" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from test" -l as-of -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from test" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from test" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from test" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from test" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from test" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from test" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check a rules file (default: the rules in force) and list every problem with its line'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "run" -d 'Leave live exactly the prompts whose conditions hold today, evaluating only the people whose prompts could have changed since the last run (the daily timer runs this)'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "audit" -d 'Check every open prompt against the records: each reason re-derived, each cited record opened as each person the prompt reaches (counts only; changes nothing)'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "failed" -d 'Record that the daily run failed, for admins to see at their next login (the timer\'s OnFailure= handler runs this; no passphrase, nothing in the vault changes)'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "test" -d 'Back-test a rules file against the data, changing nothing'
complete -c steady -n "__fish_steady_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -f -a "list" -d 'The prompts for you, most severe and oldest first, each with its reasons'
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -f -a "ack" -d 'Acknowledge a prompt with a note (what you did, or why nothing is needed); it stays quiet for you for 60 days unless it grows more severe or a new record joins it'
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -f -a "snooze" -d 'Hide a prompt from your list until a day, with a reason (at most 7 days for urgent, 30 for attention, 60 for info); it comes back then if it still holds'
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -f -a "undo" -d 'Take back your acknowledgement or snooze of a prompt'
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -f -a "unreachable" -d 'People a prompt holds for but no one in their chain has an account to receive it (names only; admins)'
complete -c steady -n "__fish_steady_using_subcommand prompts; and not __fish_seen_subcommand_from list ack snooze undo unreachable help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from list" -l as-of -d 'Evaluate as of this day (YYYY-MM-DD; default today)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from list" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from list" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from list" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from list" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from list" -l all -d 'Include the prompts you acknowledged or snoozed'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from list" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from ack" -l note -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from ack" -l date -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from ack" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from ack" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from ack" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from ack" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from ack" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from ack" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from ack" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from snooze" -l until -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from snooze" -l reason -d 'Why it should wait (required: others who see the prompt still do)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from snooze" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from snooze" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from snooze" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from snooze" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from snooze" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from snooze" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from snooze" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from undo" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from undo" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from undo" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from undo" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from undo" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from undo" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from undo" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from unreachable" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from unreachable" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from unreachable" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from unreachable" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from unreachable" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from unreachable" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from unreachable" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "list" -d 'The prompts for you, most severe and oldest first, each with its reasons'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "ack" -d 'Acknowledge a prompt with a note (what you did, or why nothing is needed); it stays quiet for you for 60 days unless it grows more severe or a new record joins it'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "snooze" -d 'Hide a prompt from your list until a day, with a reason (at most 7 days for urgent, 30 for attention, 60 for info); it comes back then if it still holds'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "undo" -d 'Take back your acknowledgement or snooze of a prompt'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "unreachable" -d 'People a prompt holds for but no one in their chain has an account to receive it (names only; admins)'
complete -c steady -n "__fish_steady_using_subcommand prompts; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand score" -l answers -d 'The answers in item order, separated by commas; `-` marks a skipped item (PHQ-9 allows up to two), e.g. `3,2,-,1,0,0,1,2,0`' -r
complete -c steady -n "__fish_steady_using_subcommand score" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand score" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand score" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand score" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand score" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand score" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand score" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -f -a "take" -d 'Take a self-check: it is scored, then sealed so that only you can read it'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -f -a "list" -d 'Your self-checks with their results (coordinators: those shared with you)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -f -a "share" -d 'Share one of your self-checks with the wellness coordinators'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -f -a "unshare" -d 'Stop sharing one of your self-checks: only you can open it again'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -f -a "delete" -d 'Delete one of your self-checks for good (asks first; scripts pass --yes)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and not __fish_seen_subcommand_from take list share unshare delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -l answers -d 'The answers in item order, separated by commas; `-` marks a skipped item (PHQ-9 allows up to two), e.g. `3,2,-,1,0,0,1,2,0` (others on the host can see arguments: --answers-file keeps them out of sight)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -l answers-file -d 'Read the answers, as for --answers, from FILE, or from standard input with `-` (UTF-8, at most 64 KiB)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -l date -d 'The day it is for (default: today)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -l share -d 'Also seal it to the wellness coordinators, so they can read it (you can withdraw this); their names are shown first, and at a terminal you are asked to go ahead'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -l yes -d 'Share without asking (the names are still shown)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -l contribute -d 'Add its band, without your name, to your unit\'s anonymous monthly count'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from take" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from list" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from list" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from list" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from list" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from list" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from share" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from share" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from share" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from share" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from share" -l yes -d 'Share without asking (the names are still shown)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from share" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from share" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from share" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from unshare" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from unshare" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from unshare" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from unshare" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from unshare" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from unshare" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from unshare" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from delete" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from delete" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from delete" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from delete" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from delete" -l yes -d 'Delete without asking (needed when no terminal is attached)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from delete" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from delete" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from help" -f -a "take" -d 'Take a self-check: it is scored, then sealed so that only you can read it'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from help" -f -a "list" -d 'Your self-checks with their results (coordinators: those shared with you)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from help" -f -a "share" -d 'Share one of your self-checks with the wellness coordinators'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from help" -f -a "unshare" -d 'Stop sharing one of your self-checks: only you can open it again'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete one of your self-checks for good (asks first; scripts pass --yes)'
complete -c steady -n "__fish_steady_using_subcommand selfcheck; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand checkin; and not __fish_seen_subcommand_from add list show edit help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand checkin; and not __fish_seen_subcommand_from add list show edit help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and not __fish_seen_subcommand_from add list show edit help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand checkin; and not __fish_seen_subcommand_from add list show edit help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and not __fish_seen_subcommand_from add list show edit help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand checkin; and not __fish_seen_subcommand_from add list show edit help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand checkin; and not __fish_seen_subcommand_from add list show edit help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand checkin; and not __fish_seen_subcommand_from add list show edit help" -f -a "add" -d 'Record a check-in with someone in your care; prints its id and resources for what was flagged'
complete -c steady -n "__fish_steady_using_subcommand checkin; and not __fish_seen_subcommand_from add list show edit help" -f -a "list" -d 'The check-ins about a person that you may read, newest first'
complete -c steady -n "__fish_steady_using_subcommand checkin; and not __fish_seen_subcommand_from add list show edit help" -f -a "show" -d 'One check-in with its earlier versions'
complete -c steady -n "__fish_steady_using_subcommand checkin; and not __fish_seen_subcommand_from add list show edit help" -f -a "edit" -d 'Change a check-in you wrote: options not given keep their value; the earlier version is kept'
complete -c steady -n "__fish_steady_using_subcommand checkin; and not __fish_seen_subcommand_from add list show edit help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l stressor -d 'A source of stress they mentioned, as CAT[:low|moderate|high] (moderate if not given), e.g. work.shifts:high; repeat for several' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l note -d 'What you talked about, in their words where you can (others on the host can see arguments: --note-file keeps the text out of sight)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l note-file -d 'Read the note from FILE, or from standard input with `-` (UTF-8, at most 64 KiB; one final newline is dropped)' -r -F
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l date -d 'The day you talked, YYYY-MM-DD (default today)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l follow-up -d 'The day to check in again by, YYYY-MM-DD' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l wellbeing -d 'How they are doing, from 1 (struggling) to 5 (doing well)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l private -d 'Readable by you and the employee only (the default for a mentoring check-in)'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l chain -d 'Readable by their supervisors up the chain too (the default for a supervisor\'s)'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from list" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from list" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from list" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from list" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from list" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from show" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from show" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from show" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from show" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from show" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l wellbeing -d 'How they are doing, from 1 (struggling) to 5 (doing well)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l stressor -d 'A source of stress they mentioned, as CAT[:low|moderate|high] (moderate if not given), e.g. work.shifts:high; repeat for several' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l note -d 'What you talked about, in their words where you can (others on the host can see arguments: --note-file keeps the text out of sight)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l note-file -d 'Read the note from FILE, or from standard input with `-` (UTF-8, at most 64 KiB; one final newline is dropped)' -r -F
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l date -d 'The day you talked, YYYY-MM-DD (default today)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l follow-up -d 'The day to check in again by, YYYY-MM-DD' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l private -d 'Readable by you and the employee only (the default for a mentoring check-in)'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l chain -d 'Readable by their supervisors up the chain too (the default for a supervisor\'s)'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l clear-stressors -d 'Remove the stressor flags first (those given with --stressor are then added)'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l no-follow-up -d 'Remove the follow-up date'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from help" -f -a "add" -d 'Record a check-in with someone in your care; prints its id and resources for what was flagged'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from help" -f -a "list" -d 'The check-ins about a person that you may read, newest first'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from help" -f -a "show" -d 'One check-in with its earlier versions'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a check-in you wrote: options not given keep their value; the earlier version is kept'
complete -c steady -n "__fish_steady_using_subcommand checkin; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -f -a "list" -d 'The resource catalog, crisis lines first'
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -f -a "show" -d 'One resource in full'
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -f -a "add" -d 'Add a resource to the catalog (coordinators)'
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -f -a "edit" -d 'Change a resource (coordinators); options not given keep their value'
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -f -a "retire" -d 'Retire a resource: kept for the referrals that name it, never suggested again (coordinators)'
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -f -a "restore" -d 'Bring a retired resource back into the catalog: suggested again, open to referrals (coordinators)'
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -f -a "suggest" -d 'Resources for what was flagged on a person lately, best first'
complete -c steady -n "__fish_steady_using_subcommand resources; and not __fish_seen_subcommand_from list show add edit retire restore suggest help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from list" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from list" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from list" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from list" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from list" -l all -d 'Include retired resources'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from list" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from show" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from show" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from show" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from show" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from show" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l description -d 'What it offers, in a sentence or two' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l helps-with -d 'Stressor categories or whole groups it helps with, comma-separated (e.g. financial,health.sleep); an empty value clears the list' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l crisis -d 'A crisis line, shown on the help-now screen (--crisis false takes it off)' -r -f -a "true\t''
false\t''"
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l name -d 'The name people see' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l kind -d 'What sort of help, e.g. counselling, peer support, crisis line' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l contact -d 'How to reach it: a number to call or text, an address, a link' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l hours -d 'When it can be reached, e.g. 24/7' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l confidentiality -d 'Who learns what, in a sentence (e.g. nothing is reported to the agency)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l name -d 'The name people see' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l kind -d 'What sort of help, e.g. counselling, peer support, crisis line' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l contact -d 'How to reach it: a number to call or text, an address, a link' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l hours -d 'When it can be reached, e.g. 24/7' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l confidentiality -d 'Who learns what, in a sentence (e.g. nothing is reported to the agency)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l description -d 'What it offers, in a sentence or two' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l helps-with -d 'Stressor categories or whole groups it helps with, comma-separated (e.g. financial,health.sleep); an empty value clears the list' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l crisis -d 'A crisis line, shown on the help-now screen (--crisis false takes it off)' -r -f -a "true\t''
false\t''"
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from retire" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from retire" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from retire" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from retire" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from retire" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from retire" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from retire" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from restore" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from restore" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from restore" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from restore" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from restore" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from restore" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from restore" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from suggest" -l as-of -d 'The day to look back from, YYYY-MM-DD (default today)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from suggest" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from suggest" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from suggest" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from suggest" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from suggest" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from suggest" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from suggest" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from help" -f -a "list" -d 'The resource catalog, crisis lines first'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from help" -f -a "show" -d 'One resource in full'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a resource to the catalog (coordinators)'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a resource (coordinators); options not given keep their value'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from help" -f -a "retire" -d 'Retire a resource: kept for the referrals that name it, never suggested again (coordinators)'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from help" -f -a "restore" -d 'Bring a retired resource back into the catalog: suggested again, open to referrals (coordinators)'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from help" -f -a "suggest" -d 'Resources for what was flagged on a person lately, best first'
complete -c steady -n "__fish_steady_using_subcommand resources; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -f -a "add" -d 'Propose a referral to a resource (for yourself: a self-referral, with your consent)'
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -f -a "list" -d 'The referrals you may see, newest first'
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -f -a "show" -d 'One referral with its history'
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -f -a "set" -d 'Move a referral on, record the employee\'s consent, or both'
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -f -a "queue" -d 'Open referrals for coordinators: ready ones first (urgent, then oldest), then those waiting for consent'
complete -c steady -n "__fish_steady_using_subcommand referral; and not __fish_seen_subcommand_from add list show set queue help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -l resource -d 'The resource\'s id (see `steady resources list`)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -l consent -d 'The employee\'s consent: given, pending or refused; without it the referral stays proposed and is never forwarded' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -l reason -d 'Why, in a sentence (others on the host can see arguments: --reason-file keeps the text out of sight)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -l reason-file -d 'Read the reason from FILE, or from standard input with `-` (UTF-8, at most 64 KiB; one final newline is dropped)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -l urgency -d 'How soon a coordinator should look at it' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -l date -d 'The day it was proposed, YYYY-MM-DD (default today)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from list" -l status -d 'Only referrals with this status (proposed, accepted, contacted, in_progress, closed, withdrawn)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from list" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from list" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from list" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from list" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from list" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from show" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from show" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from show" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from show" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from show" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from show" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from set" -l status -d 'The next status: proposed → accepted → contacted → in_progress → closed, or withdrawn at any point before it is closed' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from set" -l outcome -d 'With --status closed: completed, declined, no_show or not_needed' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from set" -l consent -d 'The employee\'s consent: given, pending or refused' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from set" -l note -d 'A note kept with this change' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from set" -l date -d 'The day of the change, YYYY-MM-DD (default today)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from set" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from set" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from set" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from set" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from set" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from set" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from queue" -l as-of -d 'The day to judge waiting times on, YYYY-MM-DD (default today)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from queue" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from queue" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from queue" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from queue" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from queue" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from queue" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from queue" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from help" -f -a "add" -d 'Propose a referral to a resource (for yourself: a self-referral, with your consent)'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from help" -f -a "list" -d 'The referrals you may see, newest first'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from help" -f -a "show" -d 'One referral with its history'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from help" -f -a "set" -d 'Move a referral on, record the employee\'s consent, or both'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from help" -f -a "queue" -d 'Open referrals for coordinators: ready ones first (urgent, then oldest), then those waiting for consent'
complete -c steady -n "__fish_steady_using_subcommand referral; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand purge" -l notes-days -d 'Blank the notes of check-ins older than this many days' -r
complete -c steady -n "__fish_steady_using_subcommand purge" -l referral-days -d 'Delete referrals that were closed or withdrawn more than this many days ago' -r
complete -c steady -n "__fish_steady_using_subcommand purge" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand purge" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand purge" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand purge" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand purge" -l dry-run -d 'Only report what would be removed'
complete -c steady -n "__fish_steady_using_subcommand purge" -l yes -d 'Do not ask for confirmation (needed without a terminal)'
complete -c steady -n "__fish_steady_using_subcommand purge" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand purge" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand purge" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand report; and not __fish_seen_subcommand_from engagement help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand report; and not __fish_seen_subcommand_from engagement help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand report; and not __fish_seen_subcommand_from engagement help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand report; and not __fish_seen_subcommand_from engagement help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand report; and not __fish_seen_subcommand_from engagement help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand report; and not __fish_seen_subcommand_from engagement help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand report; and not __fish_seen_subcommand_from engagement help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand report; and not __fish_seen_subcommand_from engagement help" -f -a "engagement" -d 'Check-in coverage, stressors, referrals and anonymous self-check bands by unit and month, with figures about fewer than k people suppressed'
complete -c steady -n "__fish_steady_using_subcommand report; and not __fish_seen_subcommand_from engagement help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l from -d 'The first month (default: eleven months before --to)' -r
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l to -d 'The last month (default: this month)' -r
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l unit -d 'Only this unit; repeat for several (default: every unit you may report on)' -r
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l k -d 'The fewest distinct people a shown figure may be drawn from: the vault\'s minimum (`steady config get report.min_k`, 5 unless an admin changed it), which this may only raise' -r
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l format -d 'csv (the default) or json; --json also chooses json' -r -f -a "csv\t''
json\t''"
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l readme -d 'Also write what the report holds (k, the suppression rule, what each column counts) to this text file, created readable by you only: the CSV itself is data only' -r -F
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l out -d 'Write to this file (created readable by you only) instead of standard output' -r -F
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l force -d 'Replace a file named above if it already exists'
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from engagement" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "engagement" -d 'Check-in coverage, stressors, referrals and anonymous self-check bands by unit and month, with figures about fewer than k people suppressed'
complete -c steady -n "__fish_steady_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand export; and not __fish_seen_subcommand_from mine help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand export; and not __fish_seen_subcommand_from mine help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand export; and not __fish_seen_subcommand_from mine help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand export; and not __fish_seen_subcommand_from mine help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand export; and not __fish_seen_subcommand_from mine help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand export; and not __fish_seen_subcommand_from mine help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand export; and not __fish_seen_subcommand_from mine help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand export; and not __fish_seen_subcommand_from mine help" -f -a "mine" -d 'Everything recorded about you, as JSON: check-ins, referrals, your self-checks and who accessed your records'
complete -c steady -n "__fish_steady_using_subcommand export; and not __fish_seen_subcommand_from mine help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand export; and __fish_seen_subcommand_from mine" -l out -d 'Write to this file (created readable by you only) instead of standard output' -r -F
complete -c steady -n "__fish_steady_using_subcommand export; and __fish_seen_subcommand_from mine" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand export; and __fish_seen_subcommand_from mine" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand export; and __fish_seen_subcommand_from mine" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand export; and __fish_seen_subcommand_from mine" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand export; and __fish_seen_subcommand_from mine" -l force -d 'Replace a file named above if it already exists'
complete -c steady -n "__fish_steady_using_subcommand export; and __fish_seen_subcommand_from mine" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand export; and __fish_seen_subcommand_from mine" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand export; and __fish_seen_subcommand_from mine" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "mine" -d 'Everything recorded about you, as JSON: check-ins, referrals, your self-checks and who accessed your records'
complete -c steady -n "__fish_steady_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand backup" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand backup" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand backup" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand backup" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand backup" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand backup" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand backup" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand restore" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand restore" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand restore" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand restore" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand restore" -l force -d 'Replace an existing vault (it is kept beside, renamed `…replaced-DATE`)'
complete -c steady -n "__fish_steady_using_subcommand restore" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand restore" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand restore" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and not __fish_seen_subcommand_from add list remove sync help" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and not __fish_seen_subcommand_from add list remove sync help" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and not __fish_seen_subcommand_from add list remove sync help" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and not __fish_seen_subcommand_from add list remove sync help" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and not __fish_seen_subcommand_from add list remove sync help" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and not __fish_seen_subcommand_from add list remove sync help" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and not __fish_seen_subcommand_from add list remove sync help" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and not __fish_seen_subcommand_from add list remove sync help" -f -a "add" -d 'Register an OpenSSH public key (a `.pub` file, or `-` for standard input) for LOGIN; with --screen-reader (given here, on the command line) the key opens LOGIN in the screen-reader mode'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and not __fish_seen_subcommand_from add list remove sync help" -f -a "list" -d 'List registered keys: login, type, SHA256 fingerprint, comment, when added'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and not __fish_seen_subcommand_from add list remove sync help" -f -a "remove" -d 'Remove one of LOGIN\'s keys by its fingerprint (as `ssh-key list` shows it)'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and not __fish_seen_subcommand_from add list remove sync help" -f -a "sync" -d 'Sign the key list sshd reads again from the vault (after a restore, or when sshd\'s log says the list is not trusted)'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and not __fish_seen_subcommand_from add list remove sync help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from add" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from add" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from add" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from add" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from add" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from add" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from list" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from list" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from list" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from list" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from list" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from list" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from remove" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from remove" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from remove" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from remove" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from remove" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from remove" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from sync" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from sync" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from sync" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from sync" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from sync" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from sync" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from sync" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from help" -f -a "add" -d 'Register an OpenSSH public key (a `.pub` file, or `-` for standard input) for LOGIN; with --screen-reader (given here, on the command line) the key opens LOGIN in the screen-reader mode'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from help" -f -a "list" -d 'List registered keys: login, type, SHA256 fingerprint, comment, when added'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove one of LOGIN\'s keys by its fingerprint (as `ssh-key list` shows it)'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from help" -f -a "sync" -d 'Sign the key list sshd reads again from the vault (after a restore, or when sshd\'s log says the list is not trusted)'
complete -c steady -n "__fish_steady_using_subcommand ssh-key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand authorized-keys" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand authorized-keys" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand authorized-keys" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand authorized-keys" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand authorized-keys" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand authorized-keys" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand authorized-keys" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand session" -l login -d 'The login this connection is pinned to (the SSH key decided it)' -r
complete -c steady -n "__fish_steady_using_subcommand session" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand session" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand session" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand session" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand session" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand session" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand session" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand completions" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand completions" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand completions" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand completions" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand completions" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand completions" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand man" -l db -d 'The vault database (its keyring sits beside it, same name, `.keyring`)' -r -F
complete -c steady -n "__fish_steady_using_subcommand man" -l user -d 'Your login (prompted for if absent and a terminal is attached)' -r
complete -c steady -n "__fish_steady_using_subcommand man" -l rules -d 'A rules file to use instead of the built-in rules (or `rules.toml` in the config folder)' -r -F
complete -c steady -n "__fish_steady_using_subcommand man" -l lock-minutes -d 'Lock the full-screen app after at most this many idle minutes (the vault\'s `app.lock_minutes` setting applies after login, unless this is shorter)' -r
complete -c steady -n "__fish_steady_using_subcommand man" -l json -d 'Print machine-readable JSON on stdout (messages still go to stderr)'
complete -c steady -n "__fish_steady_using_subcommand man" -l screen-reader -d 'Plain lines, one question at a time, for a screen reader: no full screen, no redraws'
complete -c steady -n "__fish_steady_using_subcommand man" -s h -l help -d 'Print help'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "demo" -d 'Create (or reuse) a demo vault with a synthetic roster, print its logins, open the app'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "init" -d 'Create a new vault with its first admin account'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "account" -d 'Accounts: add, change your passphrase, disable, list'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "rekey" -d 'Replace the master key (after disabling an account, or on a schedule)'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "config" -d 'Vault settings: get, set (admin), list; e.g. the reports\' minimum k, report.min_k'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "people" -d 'The roster: import a CSV, add, list, show'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "mentor" -d 'Pair mentors with mentees'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "audit" -d 'The tamper-evident audit log: verify, list, head; and who read your records (mine)'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "rules" -d 'Early-intervention rules: check a file, run them (today), audit the prompts, back-test a change'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "prompts" -d 'The prompts the rules raise for you: list, acknowledge, snooze, undo; who no one can be prompted about (admins)'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "score" -d 'Score a questionnaire without a vault (nothing is stored); \'-\' marks a skipped item'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "selfcheck" -d 'Confidential self-checks: take, list, share, unshare, delete'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "checkin" -d 'Check-ins with the people in your care: add, list, show, edit'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "resources" -d 'The resource catalog: list, show, suggest; coordinators add, edit, retire'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "referral" -d 'Referrals to resources: add, list, show, set; the coordinators\' queue'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "purge" -d 'Remove old check-in notes and finished referrals under the retention policy (admin)'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "report" -d 'Aggregate reports by unit and month, small groups suppressed (coordinators, admins, supervisors)'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "export" -d 'Export everything recorded about you, as JSON (your right of access)'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "backup" -d 'Write a consistent encrypted copy of the vault to FILE (and FILE.keyring) (admin)'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "restore" -d 'Replace the vault with a backup, after unlocking it and verifying its audit log'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "ssh-key" -d 'OpenSSH keys per account: add, list, remove, sync (admin)'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "authorized-keys" -d 'For sshd\'s AuthorizedKeysCommand (%u %t %k): the forced-command line for a key, or nothing'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "session" -d 'The forced command of every SSH key: the app pinned to one login, or an allowed export'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "completions" -d 'Print a completion script for bash, zsh or fish (no vault needed), e.g. `steady completions bash > /etc/bash_completion.d/steady`'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "man" -d 'Print the manual page, in roff (no vault needed): `steady man | man -l -`'
complete -c steady -n "__fish_steady_using_subcommand help; and not __fish_seen_subcommand_from demo init account rekey config people mentor audit rules prompts score selfcheck checkin resources referral purge report export backup restore ssh-key authorized-keys session completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "add" -d 'Add an account; prints a one-time passphrase to pass on privately'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "passwd" -d 'Change your passphrase (current from STEADY_PASSPHRASE, new from STEADY_NEW_PASSPHRASE)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "disable" -d 'Disable an account: it can no longer log in (run `steady rekey` afterwards)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "roles" -d 'Give an account exactly these roles (admin). A new coordinator cannot read self-checks shared before they held the role; the last active admin keeps the admin role'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "reset" -d 'Reset a forgotten passphrase (admin): prints a new one-time passphrase; self-checks the person never shared cannot be opened again'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "list" -d 'List accounts (admin)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "coordinators" -d 'Who holds the coordinator role, and so can read a self-check you share (anyone)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from account" -f -a "screen-reader" -d 'Your preference: start later logins in the screen-reader mode (on, off), or show it'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'One setting\'s value (and its default)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Change a setting (admins; audited), e.g. `config set report.min_k 7`'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'Every setting with its value, default and meaning'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from people" -f -a "import" -d 'Import or update people from a CSV: employee_id,name,unit,supervisor_id (header required)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from people" -f -a "add" -d 'Add one person'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from people" -f -a "list" -d 'List the people you may see'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from people" -f -a "show" -d 'Show one person'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from mentor" -f -a "assign" -d 'Make LOGIN (a mentor account) the mentor of EMP'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from mentor" -f -a "unassign" -d 'End a mentoring pair'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Replay the chain from its first entry (hashes, links, which key may sign for whom, signatures) and re-hash every audited row against the hash its last entry recorded'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "list" -d 'List the newest entries'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "head" -d 'Print the last entry\'s sequence number and hash, to record somewhere else'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "mine" -d 'Who else read or changed the records about you, newest first (any employee)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "check" -d 'Check a rules file (default: the rules in force) and list every problem with its line'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "run" -d 'Leave live exactly the prompts whose conditions hold today, evaluating only the people whose prompts could have changed since the last run (the daily timer runs this)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "audit" -d 'Check every open prompt against the records: each reason re-derived, each cited record opened as each person the prompt reaches (counts only; changes nothing)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "failed" -d 'Record that the daily run failed, for admins to see at their next login (the timer\'s OnFailure= handler runs this; no passphrase, nothing in the vault changes)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "test" -d 'Back-test a rules file against the data, changing nothing'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from prompts" -f -a "list" -d 'The prompts for you, most severe and oldest first, each with its reasons'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from prompts" -f -a "ack" -d 'Acknowledge a prompt with a note (what you did, or why nothing is needed); it stays quiet for you for 60 days unless it grows more severe or a new record joins it'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from prompts" -f -a "snooze" -d 'Hide a prompt from your list until a day, with a reason (at most 7 days for urgent, 30 for attention, 60 for info); it comes back then if it still holds'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from prompts" -f -a "undo" -d 'Take back your acknowledgement or snooze of a prompt'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from prompts" -f -a "unreachable" -d 'People a prompt holds for but no one in their chain has an account to receive it (names only; admins)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from selfcheck" -f -a "take" -d 'Take a self-check: it is scored, then sealed so that only you can read it'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from selfcheck" -f -a "list" -d 'Your self-checks with their results (coordinators: those shared with you)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from selfcheck" -f -a "share" -d 'Share one of your self-checks with the wellness coordinators'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from selfcheck" -f -a "unshare" -d 'Stop sharing one of your self-checks: only you can open it again'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from selfcheck" -f -a "delete" -d 'Delete one of your self-checks for good (asks first; scripts pass --yes)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from checkin" -f -a "add" -d 'Record a check-in with someone in your care; prints its id and resources for what was flagged'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from checkin" -f -a "list" -d 'The check-ins about a person that you may read, newest first'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from checkin" -f -a "show" -d 'One check-in with its earlier versions'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from checkin" -f -a "edit" -d 'Change a check-in you wrote: options not given keep their value; the earlier version is kept'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from resources" -f -a "list" -d 'The resource catalog, crisis lines first'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from resources" -f -a "show" -d 'One resource in full'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from resources" -f -a "add" -d 'Add a resource to the catalog (coordinators)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from resources" -f -a "edit" -d 'Change a resource (coordinators); options not given keep their value'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from resources" -f -a "retire" -d 'Retire a resource: kept for the referrals that name it, never suggested again (coordinators)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from resources" -f -a "restore" -d 'Bring a retired resource back into the catalog: suggested again, open to referrals (coordinators)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from resources" -f -a "suggest" -d 'Resources for what was flagged on a person lately, best first'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from referral" -f -a "add" -d 'Propose a referral to a resource (for yourself: a self-referral, with your consent)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from referral" -f -a "list" -d 'The referrals you may see, newest first'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from referral" -f -a "show" -d 'One referral with its history'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from referral" -f -a "set" -d 'Move a referral on, record the employee\'s consent, or both'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from referral" -f -a "queue" -d 'Open referrals for coordinators: ready ones first (urgent, then oldest), then those waiting for consent'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "engagement" -d 'Check-in coverage, stressors, referrals and anonymous self-check bands by unit and month, with figures about fewer than k people suppressed'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "mine" -d 'Everything recorded about you, as JSON: check-ins, referrals, your self-checks and who accessed your records'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from ssh-key" -f -a "add" -d 'Register an OpenSSH public key (a `.pub` file, or `-` for standard input) for LOGIN; with --screen-reader (given here, on the command line) the key opens LOGIN in the screen-reader mode'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from ssh-key" -f -a "list" -d 'List registered keys: login, type, SHA256 fingerprint, comment, when added'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from ssh-key" -f -a "remove" -d 'Remove one of LOGIN\'s keys by its fingerprint (as `ssh-key list` shows it)'
complete -c steady -n "__fish_steady_using_subcommand help; and __fish_seen_subcommand_from ssh-key" -f -a "sync" -d 'Sign the key list sshd reads again from the vault (after a restore, or when sshd\'s log says the list is not trusted)'
