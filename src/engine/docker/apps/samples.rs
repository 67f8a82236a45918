//! The repositories `git clone` can fetch in the offline lab, each with the files a clone
//! checks out: Docker's getting-started workshop app ([`super::GETTING_STARTED_APP`]) and
//! the sample repositories that beginner labs clone first, such as Play with Docker's
//! "Docker for Beginners - Linux" (`git clone https://github.com/dockersamples/linux_tweet_app`,
//! play-with-docker.github.io `_posts/2016-10-25-beginner-linux.markdown`, Task 0).
//!
//! Rules: a sample's small files are kept byte for byte (the folder named after it next to
//! this file, copied from the repository at the commit named below); binary and licence files
//! are [`AppFile::Unkept`] with their real size. A URL matches with or without `.git` and a
//! trailing `/`, in any case (GitHub's names are case-insensitive).
//!
//! Not simulated: the history (`.git` holds only `HEAD`), any other repository.

use super::AppFile;

/// One repository `git clone` knows.
#[derive(Debug, Clone, Copy)]
pub struct Repository {
    /// Its URL, without `.git` and without a trailing slash.
    pub url: &'static str,
    /// What it is, for the `berth:` line naming what can be cloned.
    pub about: &'static str,
    /// Its default branch, for `.git/HEAD`.
    pub branch: &'static str,
    /// Its files, paths relative to the clone, in git's order.
    pub files: &'static [(&'static str, AppFile)],
}

/// dockersamples/linux_tweet_app at commit 23747d9 (2024-11-27): the static site the PWD
/// beginner lab builds on nginx and then bind-mounts to change it live.
const LINUX_TWEET_APP: &[(&str, AppFile)] = &[
    (
        "CONTRIBUTING.md",
        AppFile::Text(include_str!("linux_tweet_app/CONTRIBUTING.md")),
    ),
    (
        "Dockerfile",
        AppFile::Text(include_str!("linux_tweet_app/Dockerfile")),
    ),
    ("LICENSE", AppFile::Unkept(11357)),
    (
        "README.md",
        AppFile::Text(include_str!("linux_tweet_app/README.md")),
    ),
    (
        "index-new.html",
        AppFile::Text(include_str!("linux_tweet_app/index-new.html")),
    ),
    (
        "index-original.html",
        AppFile::Text(include_str!("linux_tweet_app/index-original.html")),
    ),
    (
        "index.html",
        AppFile::Text(include_str!("linux_tweet_app/index.html")),
    ),
    ("linux.png", AppFile::Unkept(22365)),
];

/// Every repository `git clone` knows.
pub const REPOSITORIES: &[Repository] = &[
    Repository {
        url: super::GETTING_STARTED_URL,
        about: "Docker's workshop app",
        branch: super::GETTING_STARTED_BRANCH,
        files: super::GETTING_STARTED_APP,
    },
    Repository {
        url: "https://github.com/dockersamples/linux_tweet_app",
        about: "Play with Docker's beginner lab",
        branch: "master",
        files: LINUX_TWEET_APP,
    },
];

/// The repository `url` names, if Berth holds it.
pub fn repository(url: &str) -> Option<&'static Repository> {
    let url = url.trim_end_matches('/');
    let url = url.strip_suffix(".git").unwrap_or(url);
    REPOSITORIES
        .iter()
        .find(|r| r.url.eq_ignore_ascii_case(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_match_with_or_without_git_and_slash() {
        assert!(repository("https://github.com/dockersamples/linux_tweet_app").is_some());
        assert!(repository("https://github.com/dockersamples/linux_tweet_app.git").is_some());
        assert!(repository("https://github.com/docker/getting-started-app.git/").is_some());
        assert!(repository("https://github.com/a/b").is_none());
    }
}
