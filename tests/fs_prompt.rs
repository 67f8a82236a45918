//! The prompt shows the shell's working directory, as bash and busybox ash do: a host's
//! `root@host1:~# ` becomes `root@host1:/tmp# `, Alpine's `/ # ` becomes `/etc # `, and a
//! container started with `-w` opens there.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use berth::session::Session;

#[test]
fn the_prompt_follows_cd() {
    let mut s = Session::new(1);
    assert_eq!(s.prompt(), "root@host1:~# ");
    s.submit("cd /tmp");
    assert_eq!(s.prompt(), "root@host1:/tmp# ");
    s.submit("docker run -dit --name box alpine");
    s.submit("docker exec -it box sh");
    assert_eq!(s.prompt(), "/ # ");
    s.submit("cd /etc");
    assert_eq!(s.prompt(), "/etc # ");
    s.submit("cd");
    assert_eq!(s.prompt(), "~ # ");
    s.submit("exit");
    assert_eq!(s.prompt(), "root@host1:/tmp# ");
    s.submit("docker run -it -w /usr/share --name deb ubuntu bash");
    assert!(s.prompt().ends_with(":/usr/share# "), "{}", s.prompt());
}
