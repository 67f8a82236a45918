//! The lessons compiled into the app, so they work offline: every file of `lessons/`.
//! `tests/lessons.rs` checks that this list and the folder agree.

/// `(file name, text)` of every lesson file, English and translations.
pub const FILES: &[(&str, &str)] = &[
    (
        "01-first-container.fr.md",
        include_str!("../../lessons/01-first-container.fr.md"),
    ),
    (
        "01-first-container.md",
        include_str!("../../lessons/01-first-container.md"),
    ),
    (
        "02-the-address-that-moved.fr.md",
        include_str!("../../lessons/02-the-address-that-moved.fr.md"),
    ),
    (
        "02-the-address-that-moved.md",
        include_str!("../../lessons/02-the-address-that-moved.md"),
    ),
    (
        "03-names-not-numbers.fr.md",
        include_str!("../../lessons/03-names-not-numbers.fr.md"),
    ),
    (
        "03-names-not-numbers.md",
        include_str!("../../lessons/03-names-not-numbers.md"),
    ),
    (
        "04-an-address-you-own.fr.md",
        include_str!("../../lessons/04-an-address-you-own.fr.md"),
    ),
    (
        "04-an-address-you-own.md",
        include_str!("../../lessons/04-an-address-you-own.md"),
    ),
    (
        "05-publishing-ports.fr.md",
        include_str!("../../lessons/05-publishing-ports.fr.md"),
    ),
    (
        "05-publishing-ports.md",
        include_str!("../../lessons/05-publishing-ports.md"),
    ),
    (
        "06-two-networks-one-container.fr.md",
        include_str!("../../lessons/06-two-networks-one-container.fr.md"),
    ),
    (
        "06-two-networks-one-container.md",
        include_str!("../../lessons/06-two-networks-one-container.md"),
    ),
    (
        "07-two-hosts-that-cannot-talk.fr.md",
        include_str!("../../lessons/07-two-hosts-that-cannot-talk.fr.md"),
    ),
    (
        "07-two-hosts-that-cannot-talk.md",
        include_str!("../../lessons/07-two-hosts-that-cannot-talk.md"),
    ),
    (
        "08-pipework-by-hand.fr.md",
        include_str!("../../lessons/08-pipework-by-hand.fr.md"),
    ),
    (
        "08-pipework-by-hand.md",
        include_str!("../../lessons/08-pipework-by-hand.md"),
    ),
    (
        "09-weave-same-name-any-host.fr.md",
        include_str!("../../lessons/09-weave-same-name-any-host.fr.md"),
    ),
    (
        "09-weave-same-name-any-host.md",
        include_str!("../../lessons/09-weave-same-name-any-host.md"),
    ),
    (
        "10-flannel-one-subnet-per-host.fr.md",
        include_str!("../../lessons/10-flannel-one-subnet-per-host.fr.md"),
    ),
    (
        "10-flannel-one-subnet-per-host.md",
        include_str!("../../lessons/10-flannel-one-subnet-per-host.md"),
    ),
    (
        "11-one-network-across-hosts.fr.md",
        include_str!("../../lessons/11-one-network-across-hosts.fr.md"),
    ),
    (
        "11-one-network-across-hosts.md",
        include_str!("../../lessons/11-one-network-across-hosts.md"),
    ),
    (
        "12-when-the-underlay-says-no.fr.md",
        include_str!("../../lessons/12-when-the-underlay-says-no.fr.md"),
    ),
    (
        "12-when-the-underlay-says-no.md",
        include_str!("../../lessons/12-when-the-underlay-says-no.md"),
    ),
    (
        "13-privileged-means-root.fr.md",
        include_str!("../../lessons/13-privileged-means-root.fr.md"),
    ),
    (
        "13-privileged-means-root.md",
        include_str!("../../lessons/13-privileged-means-root.md"),
    ),
    (
        "14-the-socket-is-the-keys.fr.md",
        include_str!("../../lessons/14-the-socket-is-the-keys.fr.md"),
    ),
    (
        "14-the-socket-is-the-keys.md",
        include_str!("../../lessons/14-the-socket-is-the-keys.md"),
    ),
    (
        "15-the-docker-group-is-root.fr.md",
        include_str!("../../lessons/15-the-docker-group-is-root.fr.md"),
    ),
    (
        "15-the-docker-group-is-root.md",
        include_str!("../../lessons/15-the-docker-group-is-root.md"),
    ),
    (
        "16-ufw-is-not-your-firewall.fr.md",
        include_str!("../../lessons/16-ufw-is-not-your-firewall.fr.md"),
    ),
    (
        "16-ufw-is-not-your-firewall.md",
        include_str!("../../lessons/16-ufw-is-not-your-firewall.md"),
    ),
    (
        "17-harden-this-host.fr.md",
        include_str!("../../lessons/17-harden-this-host.fr.md"),
    ),
    (
        "17-harden-this-host.md",
        include_str!("../../lessons/17-harden-this-host.md"),
    ),
    (
        "18-containers-or-vms.fr.md",
        include_str!("../../lessons/18-containers-or-vms.fr.md"),
    ),
    (
        "18-containers-or-vms.md",
        include_str!("../../lessons/18-containers-or-vms.md"),
    ),
    (
        "19-what-the-image-gives-away.fr.md",
        include_str!("../../lessons/19-what-the-image-gives-away.fr.md"),
    ),
    (
        "19-what-the-image-gives-away.md",
        include_str!("../../lessons/19-what-the-image-gives-away.md"),
    ),
];

use super::format::{parse, Lesson};

/// The language of a file name: `01-x.fr.md` → `fr`, `01-x.md` → `en`.
pub fn language_of(file: &str) -> &str {
    let stem = file.strip_suffix(".md").unwrap_or(file);
    match stem.rsplit_once('.') {
        Some((_, lang)) if lang.len() == 2 => lang,
        _ => "en",
    }
}

/// A lesson by id in a language. Falls back to English (the `bool` says so) when the
/// translation is missing.
pub fn lesson(id: &str, lang: &str) -> Option<(Lesson, bool)> {
    let mut english = None;
    for (file, text) in FILES {
        let (lesson, _) = parse(text);
        if lesson.meta.id != id {
            continue;
        }
        if language_of(file) == lang {
            return Some((lesson, false));
        }
        if language_of(file) == "en" {
            english = Some(lesson);
        }
    }
    english.map(|l| (l, lang != "en"))
}

/// The English lessons in file order: the catalogue the picker shows.
pub fn list() -> Vec<Lesson> {
    FILES
        .iter()
        .filter(|(file, _)| language_of(file) == "en")
        .map(|(_, text)| parse(text).0)
        .collect()
}
