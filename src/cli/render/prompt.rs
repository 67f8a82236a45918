//! A container shell's prompt, from data: the image's userland (which shell build it ships),
//! the shell, the container's hostname and the user. The working directory is always `/`
//! (Berth has no `cd` in containers).
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
}
