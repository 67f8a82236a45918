//! Every lesson under `lessons/` passes the trainers' checker: it parses without a problem,
//! each step's goals fail before its solution and hold after it, and each translation
//! teaches the same steps as its English file.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use std::fs;
use std::path::Path;

use berth::lessons::check::compare_translation;
use berth::lessons::parse;
use berth::session::check::check_lesson;

#[test]
fn every_lesson_replays_its_own_solution() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && p.file_name().is_some_and(|n| n != "README.md")
        })
        .collect();
    files.sort();
    let english: Vec<_> = files
        .iter()
        .filter(|f| !f.to_string_lossy().ends_with(".fr.md"))
        .collect();
    assert!(
        english.len() >= 6,
        "the addressing course has at least 6 lessons"
    );
    let mut problems = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let (lesson, found) = check_lesson(&text);
        assert!(
            lesson.steps.len() >= 3,
            "{}: at least 3 steps",
            file.display()
        );
        problems.extend(found.into_iter().map(|p| format!("{}:{p}", file.display())));
        let name = file.to_string_lossy();
        if let Some(base) = name.strip_suffix(".fr.md") {
            let (en, _) = parse(&fs::read_to_string(format!("{base}.md")).unwrap());
            problems.extend(
                compare_translation(&en, &lesson)
                    .into_iter()
                    .map(|p| format!("{}:{p}", file.display())),
            );
        } else {
            assert!(
                Path::new(&name.replace(".md", ".fr.md")).exists(),
                "{} has a French translation",
                file.display()
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_lesson_file_is_compiled_into_the_app() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut on_disk: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "README.md")
        .collect();
    on_disk.sort();
    let mut compiled: Vec<String> = berth::lessons::catalogue::FILES
        .iter()
        .map(|(f, _)| f.to_string())
        .collect();
    compiled.sort();
    assert_eq!(
        compiled, on_disk,
        "add new lesson files to src/lessons/catalogue.rs"
    );
}

/// A learner in the terminal: lesson, the solution typed by hand, next, hint, reset.
#[test]
fn a_lesson_followed_from_the_terminal() {
    use berth::session::Session;
    let mut s = Session::new(1);
    let list = s.submit("lessons");
    assert!(
        list.transcript().contains("names-not-numbers"),
        "{}",
        list.transcript()
    );
    let start = s.submit("lesson names-not-numbers");
    assert!(
        start.transcript().contains("Step 1 of 4"),
        "{}",
        start.transcript()
    );
    let status = s.lesson_status().unwrap();
    assert!(!status.step_done);
    assert!(s.submit("next").transcript().contains("not done yet"));
    assert!(s.submit("hint").transcript().contains("Hint:") || s.submit("hint").exit_code == 0);
    s.submit("docker run -dit --name a1 alpine");
    s.submit("docker run -dit --name a2 alpine");
    assert!(
        s.lesson_status().unwrap().step_done,
        "{:?}",
        s.lesson_status()
    );
    assert!(s.submit("next").transcript().contains("Step 2 of 4"));
    let solution = s.submit("solution");
    assert!(
        solution
            .transcript()
            .contains("docker network create appnet"),
        "{}",
        solution.transcript()
    );
    s.submit("docker network create appnet");
    assert!(s.lesson_status().unwrap().step_done);
    s.submit("reset");
    let status = s.lesson_status().unwrap();
    assert_eq!((status.step_index, status.step_done), (0, false));
    assert!(s.submit("lesson nope").exit_code != 0);
}

#[test]
fn a_missing_translation_falls_back_to_english() {
    use berth::session::Session;
    let mut s = Session::new(1);
    s.set_language("de");
    s.start_lesson("first-container").unwrap();
    let status = s.lesson_status().unwrap();
    assert!(status.fell_back);
    assert_eq!(status.title, "Your first container");
    s.set_language("fr");
    assert_eq!(s.lesson_status().unwrap().title, "Votre premier conteneur");
}

/// A lesson's `hosts` front matter builds its lab: every host named is up on the underlay when
/// the lesson starts, and goals can be judged across them.
#[test]
fn a_lesson_declares_its_hosts() {
    let text = "+++\nid = \"two-hosts\"\ntitle = \"Two hosts\"\nsummary = \"s\"\nlevel = \"beginner\"\nminutes = 5\ntags = [\"t\"]\nseed = 9\nhosts = [\"host1\", \"host2\"]\n+++\n\n## Look around\n\nPing the other host.\n\n```check\ncontainer web is running\n```\n\n```solution\ndocker run -d --name web nginx\n```\n";
    let mut s = berth::session::Session::default();
    let problems = s.preview_lesson(text);
    assert!(problems.is_empty(), "{problems:?}");
    let hosts: Vec<&str> = s.world().hosts().map(|h| h.name.as_str()).collect();
    assert_eq!(hosts, ["host1", "host2"]);
    let out = s.submit("ping -c 1 host2");
    assert_eq!(out.exit_code, 0, "{}", out.transcript());
}

#[test]
fn the_course_images_are_valid_and_known_in_a_lesson_lab() {
    let text = fs::read_to_string(Path::new("lessons/images.toml")).unwrap();
    assert_eq!(berth::lessons::images::check(&text), Vec::new());
    // A lesson's lab (what `berth lesson check` replays in) knows them.
    let text = "+++\nid = \"shop\"\ntitle = \"Shop\"\nsummary = \"s\"\nlevel = \"beginner\"\nminutes = 5\ntags = [\"t\"]\nseed = 3\n+++\n\n## Run the shop\n\nRun it.\n\n```check\ncontainer shop is running\n```\n\n```solution\ndocker run -d --name shop -p 8080:80 acme/shop:1.4\n```\n";
    let mut s = berth::session::Session::default();
    assert!(s.preview_lesson(text).is_empty());
    let out = s.submit("docker run -d --name shop -p 8080:80 acme/shop:1.4");
    assert_eq!(out.exit_code, 0, "{}", out.transcript());
    let out = s.submit("curl -s localhost:8080");
    assert!(
        out.transcript().contains("version 1.4"),
        "{}",
        out.transcript()
    );
    let (_, problems) = check_lesson(text);
    assert!(problems.is_empty(), "{problems:?}");
}

/// A lesson's front matter declares its own images (tests/fixtures/declared-images.md): the
/// checker replays the lesson with them, and they exist in that lesson's world only.
#[test]
fn a_lesson_declares_its_own_images() {
    let text = fs::read_to_string(Path::new("tests/fixtures/declared-images.md")).unwrap();
    let (lesson, problems) = check_lesson(&text);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(lesson.meta.images.len(), 4);
    let mut s = berth::session::Session::default();
    assert!(s.preview_lesson(&text).is_empty());
    let out = s.submit("docker run -d --name api -p 3000:3000 acme/api:1");
    assert_eq!(out.exit_code, 0, "{}", out.transcript());
    let out = s.submit("curl -s localhost:3000/health");
    assert!(
        out.transcript().trim_end().ends_with("\nok"),
        "{}",
        out.transcript()
    );
    // Outside the lesson, the image is unknown.
    let mut other = berth::session::Session::default();
    let out = other.submit("docker pull acme/api:1");
    assert_ne!(out.exit_code, 0, "{}", out.transcript());
}

/// A wrong declaration in a lesson's front matter is reported at its line of the lesson file:
/// a missing base, a cycle of bases, a page path without its slash, an unknown key.
#[test]
fn a_lesson_image_problem_names_its_line() {
    let text = "+++\nid = \"bad-images\"\ntitle = \"Bad\"\nsummary = \"s\"\nlevel = \"beginner\"\nminutes = 5\ntags = [\"t\"]\nseed = 3\n\n[[image]]\nname = \"acme/a:1\"\nbase = \"acme/b:1\"\n\n[[image]]\nname = \"acme/b:1\"\nbase = \"acme/a:1\"\n\n[[image]]\nname = \"acme/c:1\"\nbase = \"acme/nosuch:1\"\n\n[[image]]\nname = \"acme/d:1\"\nbase = \"acme/shop:1.4\"\n\n[image.paths]\n\"health\" = \"ok\"\n+++\n\n## Step\n\nText.\n\n```check\ncontainer web is running\n```\n\n```solution\ndocker run -d --name web nginx\n```\n";
    let (_, problems) = parse(text);
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "12: image acme/a:1: the bases make a cycle: acme/a:1 -> acme/b:1 -> acme/a:1",
            "16: image acme/b:1: the bases make a cycle: acme/a:1 -> acme/b:1 -> acme/a:1",
            "20: image acme/c:1: base \"acme/nosuch:1\" is not an image Berth knows (see `docker search`)",
            "23: image acme/d:1: page \"health\": a path starts with /",
        ],
        "{shown:?}"
    );
    let unknown = "+++\nid = \"x\"\ntitle = \"X\"\nsummary = \"s\"\nlevel = \"beginner\"\nminutes = 5\ntags = [\"t\"]\nseed = 3\n[[image]]\nname = \"acme/x:1\"\nbase = \"alpine\"\ncolour = \"red\"\n+++\n## Step\n```check\ncontainer web is running\n```\n";
    let (_, problems) = parse(unknown);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 12, "{problems:?}");
}
