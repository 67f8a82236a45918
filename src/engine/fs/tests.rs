#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
use super::trees::{ALPINE, DEBIAN, NGINX};
use super::*;

#[test]
fn write_append_read_remove() {
    let mut fs = Files::default();
    assert_eq!(fs.read("/root/a"), Err(FsError::NotFound));
    fs.write("/root/a", "one\n").unwrap();
    fs.append("/root/a", "two\n").unwrap();
    assert_eq!(fs.read("/root/a"), Ok("one\ntwo\n"));
    fs.write("/root/a", "").unwrap();
    assert_eq!(fs.read("/root/a"), Ok(""));
    fs.remove("/root/a").unwrap();
    assert_eq!(fs.remove("/root/a"), Err(FsError::NotFound));
}

#[test]
fn bounds_are_errors() {
    let mut fs = Files::default();
    assert_eq!(fs.write("relative", "x"), Err(FsError::NotAFile));
    assert_eq!(fs.write("/", "x"), Err(FsError::NotAFile));
    let big = "x".repeat(MAX_FILE + 1);
    assert_eq!(fs.write("/big", &big), Err(FsError::TooLarge));
    for i in 0..MAX_FILES {
        fs.write(&format!("/f{i}"), "x").unwrap();
    }
    assert_eq!(fs.write("/one-more", "x"), Err(FsError::TooMany));
    fs.write("/f0", "rewritten").unwrap();
    let deep = format!("{}/f", "/d".repeat(MAX_DEPTH + 1));
    assert_eq!(Files::default().write(&deep, "x"), Err(FsError::TooMany));
}

#[test]
fn resolve_normalises_against_the_working_directory() {
    for (cwd, path, want) in [
        ("/root", "a", "/root/a"),
        ("/root", "./a/../b", "/root/b"),
        ("/", "..", "/"),
        ("/usr/share", "../../etc//passwd", "/etc/passwd"),
        ("/tmp", "/var/./log/", "/var/log"),
    ] {
        assert_eq!(resolve(cwd, path), want, "{cwd} {path}");
    }
    assert_eq!(parent("/a/b"), "/a");
    assert_eq!(parent("/a"), "/");
    assert_eq!(base_name("/a/b"), "b");
}

fn alpine_only() -> Vec<&'static Tree> {
    vec![&ALPINE, releases::release("alpine:3.22").unwrap()]
}

fn nginx_trees() -> Vec<&'static Tree> {
    vec![&DEBIAN, releases::release("debian:13").unwrap(), &NGINX]
}

#[test]
fn the_image_tree_lists_its_layout_and_reads_its_files() {
    let files = Files::default();
    let view = Layered {
        lower: alpine_only(),
        image: None,
        upper: &files,
        now: 0,
    };
    let root = view.list("/").unwrap();
    assert_eq!(
        root.join(" "),
        "bin dev etc home lib media mnt opt proc root run sbin srv sys tmp usr var"
    );
    assert!(view
        .read("/etc/os-release")
        .unwrap()
        .contains("VERSION_ID=3.22"));
    assert_eq!(view.stat("/tmp").unwrap().mode, 0o1777);
    let ls = view.stat("/bin/ls").unwrap();
    assert_eq!((ls.kind, ls.target), (Kind::Link, Some("/bin/busybox")));
    assert_eq!(view.read("/etc"), Err(FsError::NotAFile));
    assert_eq!(view.list("/etc/passwd"), Err(FsError::NotADirectory));
    assert_eq!(view.stat("/etc/passwd/x"), Err(FsError::NotADirectory));
    assert_eq!(view.stat("/nope"), Err(FsError::NotFound));
}

#[test]
fn the_layer_writes_deletes_with_whiteouts_and_makes_directories() {
    let mut files = Files::default();
    let mut fs = Layered {
        lower: nginx_trees(),
        image: None,
        upper: &mut files,
        now: 5,
    };
    fs.mkdir("/app", false).unwrap();
    assert_eq!(fs.mkdir("/app", false), Err(FsError::Exists));
    fs.mkdir("/app", true).unwrap();
    assert_eq!(fs.mkdir("/x/y", false), Err(FsError::NotFound));
    fs.mkdir("/x/y", true).unwrap();
    fs.write("/app/index.html", "hi\n", false).unwrap();
    fs.remove("/usr/share/nginx/html/50x.html", false).unwrap();
    assert_eq!(
        fs.read("/usr/share/nginx/html/50x.html"),
        Err(FsError::NotFound)
    );
    assert_eq!(
        fs.list("/usr/share/nginx/html").unwrap(),
        vec!["index.html"]
    );
    assert_eq!(fs.remove("/app", false), Err(FsError::NotEmpty));
    fs.remove("/app", true).unwrap();
    assert!(!fs.is_dir("/app"));
    fs.remove("/etc/nginx", true).unwrap();
    assert_eq!(fs.read("/etc/nginx/nginx.conf"), Err(FsError::NotFound));
    // A directory made again over a deleted one starts empty.
    fs.mkdir("/etc/nginx", false).unwrap();
    assert!(fs.list("/etc/nginx").unwrap().is_empty());
    fs.copy("/etc/os-release", "/root/os", false).unwrap();
    assert!(fs.read("/root/os").unwrap().contains("trixie"));
    fs.rename("/root/os", "/root/os2").unwrap();
    assert_eq!(fs.read("/root/os"), Err(FsError::NotFound));
    assert_eq!(fs.copy("/etc", "/etc/sub", true), Err(FsError::Invalid));
    assert_eq!(fs.remove("/", true), Err(FsError::Invalid));
}

#[test]
fn the_image_files_lie_between_the_trees_and_the_layer() {
    // An image built FROM nginx: its COPY replaced the page and added /app, its RUN deleted
    // 50x.html.
    let mut own = Files::from_texts(
        [
            ("/usr/share/nginx/html/index.html", "mine\n"),
            ("/app/server.js", "listen(3000)\n"),
        ],
        7,
    )
    .unwrap();
    {
        let mut build = Layered {
            lower: nginx_trees(),
            image: None,
            upper: &mut own,
            now: 7,
        };
        build
            .remove("/usr/share/nginx/html/50x.html", false)
            .unwrap();
    }
    let image = Some(std::sync::Arc::new(own));
    let mut files = Files::default();
    let view = Layered {
        lower: nginx_trees(),
        image: image.clone(),
        upper: &files,
        now: 9,
    };
    assert_eq!(
        view.read("/usr/share/nginx/html/index.html").unwrap(),
        "mine\n"
    );
    assert_eq!(view.read("/app/server.js").unwrap(), "listen(3000)\n");
    assert_eq!(view.list("/app").unwrap(), ["server.js"]);
    assert_eq!(view.list("/usr/share/nginx/html").unwrap(), ["index.html"]);
    assert!(view.list("/").unwrap().contains(&"app".to_string()));
    assert!(view.is_dir("/app"));
    assert!(view.in_image("/app/server.js"));
    assert!(!view.in_image("/usr/share/nginx/html/50x.html"));
    // The container deletes an image file and writes another: whiteout and layer.
    let mut fs = Layered {
        lower: nginx_trees(),
        image: image.clone(),
        upper: &mut files,
        now: 9,
    };
    fs.remove("/app/server.js", false).unwrap();
    fs.write("/app/new.js", "x\n", false).unwrap();
    assert_eq!(fs.read("/app/server.js"), Err(FsError::NotFound));
    assert_eq!(fs.list("/app").unwrap(), ["new.js"]);
    assert_eq!(files.whiteouts().collect::<Vec<_>>(), ["/app/server.js"]);
    // A commit flattens the layer onto the image's files.
    let committed = image.as_deref().unwrap().merged(&files).unwrap();
    let view = Layered {
        lower: nginx_trees(),
        image: Some(std::sync::Arc::new(committed)),
        upper: &Files::default(),
        now: 9,
    };
    assert_eq!(view.list("/app").unwrap(), ["new.js"]);
    assert_eq!(
        view.read("/usr/share/nginx/html/50x.html"),
        Err(FsError::NotFound)
    );
}
