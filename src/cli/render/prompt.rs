//! A container shell's prompt, from data: the image's userland (which shell build it ships),
//! the shell, the container's hostname and the user; then the working directory put in where
//! the shell shows it ([`at`]).
//!
//! The texts are what the images print (moved unchanged from the engine, where they were
//! built before): busybox `sh` in alpine and busybox shows `/ # `, Debian's and Ubuntu's bash
//! `root@HOST:/# `, dash `# `, bash `I have no name!` for a UID without a passwd entry,
//! Windows' `cmd` `C:\>` and PowerShell `PS C:\> `.

use crate::engine::docker::image::Userland;

/// The prompt of `shell` in a container of `userland`, for `user` (`None`: root). Everyone
/// but root gets `$` instead of `#`.
pub fn container(userland: Userland, shell: &str, hostname: &str, user: Option<&str>) -> String {
    let root = user.is_none_or(|u| matches!(u, "" | "root" | "0") || u.starts_with("0:"));
    let mark = if root { '#' } else { '$' };
    let name = user.filter(|_| !root).unwrap_or("root");
    let name = name.split(':').next().unwrap_or(name);
    let name = if name.chars().all(|c| c.is_ascii_digit()) {
        "I have no name!"
    } else {
        name
    };
    match (userland, shell) {
        (Userland::NanoServer | Userland::ServerCore, "powershell") => "PS C:\\> ".into(),
        (Userland::NanoServer | Userland::ServerCore, _) => "C:\\>".into(),
        (Userland::Alpine | Userland::Busybox, _) => format!("/ {mark} "),
        (_, "bash") => format!("{name}@{hostname}:/{mark} "),
        _ => format!("{mark} "),
    }
}

/// A prompt built at `/` (a container's) or at `~` (a host's), showing `cwd` instead: bash's
/// `\w` and busybox ash's `\w` (Alpine's `PS1='\w \$ '`) both write the home directory as
/// `~`. dash's `# ` and Windows' prompts have no directory and stay as they are.
pub fn at(prompt: &str, cwd: &str, home: &str) -> String {
    let shown = if cwd == home {
        "~".to_string()
    } else if let Some(rest) = cwd
        .strip_prefix(home)
        .filter(|r| r.starts_with('/') && home != "/")
    {
        format!("~{rest}")
    } else {
        cwd.to_string()
    };
    for mark in ["# ", "$ "] {
        // bash: `user@host:DIR# `.
        if let Some(head) = prompt.strip_suffix(mark) {
            if let Some((user_host, _)) = head.rsplit_once(':') {
                if user_host.contains('@') && !user_host.contains(' ') {
                    return format!("{user_host}:{shown}{mark}");
                }
            }
            // busybox ash: `DIR # `.
            if head == "/ " || head == "~ " {
                return format!("{shown} {mark}");
            }
        }
    }
    prompt.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_follow_the_userland_the_shell_and_the_user() {
        let cases = [
            (Userland::Alpine, "sh", None, "/ # "),
            (Userland::Alpine, "sh", Some("nobody"), "/ $ "),
            (Userland::Debian, "bash", None, "root@web:/# "),
            (
                Userland::Debian,
                "bash",
                Some("1000"),
                "I have no name!@web:/$ ",
            ),
            (Userland::Debian, "bash", Some("0:0"), "root@web:/# "),
            (Userland::Debian, "sh", None, "# "),
            (Userland::ServerCore, "powershell", None, "PS C:\\> "),
            (Userland::NanoServer, "cmd", None, "C:\\>"),
        ];
        for (userland, shell, user, want) in cases {
            assert_eq!(
                container(userland, shell, "web", user),
                want,
                "{userland:?} {shell} {user:?}"
            );
        }
    }

    #[test]
    fn the_prompt_shows_the_working_directory_as_the_shell_does() {
        let cases = [
            ("/ # ", "/tmp", "/root", "/tmp # "),
            ("/ # ", "/root", "/root", "~ # "),
            ("/ # ", "/root/app", "/root", "~/app # "),
            (
                "root@web:/# ", "/etc/nginx", "/root", "root@web:/etc/nginx# ",
            ),
            ("root@host1:~# ", "/tmp", "/root", "root@host1:/tmp# "),
            ("root@host1:~# ", "/root", "/root", "root@host1:~# "),
            (
                "alice@host1:~$ ", "/home/alice/x", "/home/alice", "alice@host1:~/x$ ",
            ),
            ("# ", "/tmp", "/root", "# "),
            ("C:\\>", "/tmp", "/root", "C:\\>"),
        ];
        for (prompt, cwd, home, want) in cases {
            assert_eq!(at(prompt, cwd, home), want, "{prompt} {cwd}");
        }
    }
}
