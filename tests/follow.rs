//! Commands in the foreground, through the session API as the page drives it: a tick is an
//! input (the logical clock moves one second), Ctrl-C ends the command as the real one ends,
//! typed lines are echoed and not run, and a follow waits in its tab while another is in front.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use berth::session::{Session, Turn};

fn text(turn: &Turn) -> Vec<String> {
    turn.output.iter().map(|l| l.text.clone()).collect()
}

#[test]
fn attached_run_streams_then_ctrl_c_forwards_sigint_and_the_prompt_returns() {
    let mut s = Session::new(1);
    let turn = s.submit("docker run --name web nginx");
    assert_eq!(turn.exit_code, 0);
    assert!(text(&turn)
        .iter()
        .any(|l| l.ends_with("Configuration complete; ready for start up")));
    assert!(s.following());
    assert_eq!(s.prompt(), "");
    // Typed lines reach the process, which reads none: echoed, not run, not in the history.
    let typed = s.submit("docker rm -f web");
    assert_eq!(
        (typed.prompt.as_str(), typed.input.as_str()),
        ("", "docker rm -f web")
    );
    assert!(typed.echo && typed.output.is_empty());
    assert!(s.history().iter().all(|h| h != "docker rm -f web"));
    // A tick: one second passes, nothing new from an idle nginx.
    let now = s.world().now().0;
    let tick = s.tick().expect("a follow runs");
    assert!(!tick.echo && tick.output.is_empty());
    assert_eq!(s.world().now().0, now + 1);
    // Ctrl-C: nginx's own shutdown lines, exit 0, the prompt is back.
    let stop = s.interrupt().expect("Ctrl-C");
    assert_eq!(stop.input, "^C");
    let lines = text(&stop);
    assert!(lines[0].ends_with("[notice] 1#1: signal 2 (SIGINT) received, exiting"));
    assert!(lines.last().unwrap().ends_with("[notice] 1#1: exit"));
    assert_eq!(stop.exit_code, 0);
    assert!(!s.following());
    assert_eq!(s.prompt(), "root@host1:~# ");
    assert!(s.tick().is_none(), "no follow: the clock stays");
    // The container stopped, and it is still there: forgetting -d and retrying conflicts.
    let ps = s.submit("docker ps -a --format '{{.Names}} {{.Status}}'");
    assert_eq!(text(&ps), ["web Exited (0) 1 second ago"]);
    let retry = s.submit("docker run -d --name web nginx");
    assert_eq!(retry.exit_code, 125);
    assert!(text(&retry)[0].starts_with(
        "docker: Error response from daemon: Conflict. The container name \"/web\" is already in use by container"
    ));
}

#[test]
fn redis_logs_its_shutdown_on_ctrl_c() {
    let mut s = Session::new(1);
    s.submit("docker run redis");
    let stop = s.interrupt().expect("Ctrl-C");
    let lines = text(&stop);
    assert!(lines[0].starts_with("1:signal-handler ("));
    assert!(lines[0].ends_with(") Received SIGINT scheduling shutdown..."));
    assert!(lines
        .last()
        .unwrap()
        .ends_with("# Redis is now ready to exit, bye bye..."));
    assert_eq!(stop.exit_code, 0);
}

#[test]
fn logs_follow_prints_new_lines_and_ctrl_c_leaves_the_container_running() {
    let mut s = Session::new(1);
    s.submit("docker run -d --name web nginx");
    let turn = s.submit("docker logs -f --tail 1 web");
    assert_eq!(text(&turn).len(), 1);
    assert!(s.following());
    let stop = s.interrupt().expect("Ctrl-C");
    assert!(stop.output.is_empty());
    assert_eq!(stop.exit_code, 130);
    assert_eq!(text(&s.submit("echo $?")), ["130"]);
    let ps = s.submit("docker ps --format '{{.Names}}'");
    assert_eq!(text(&ps), ["web"]);
}

#[test]
fn a_follow_ends_when_its_container_stops_from_another_tab() {
    let mut s = Session::new(1);
    s.submit("host add host2");
    s.submit("docker run -d --name web nginx");
    s.submit("docker run --name web2 nginx");
    assert!(s.following());
    // Another terminal on the same host: ssh from host2 back to host1.
    assert!(s.select_tab("host2"));
    assert!(!s.following(), "the follow belongs to host1's tab");
    assert!(s.tick().is_none());
    s.submit("ssh host1");
    assert_eq!(s.submit("docker stop web2").exit_code, 0);
    assert!(s.select_tab("host1"));
    assert!(s.following());
    let end = s.tick().expect("the follow notices");
    assert_eq!(end.exit_code, 0);
    assert!(!s.following());
}

#[test]
fn events_show_what_other_terminals_cause() {
    let mut s = Session::new(1);
    s.submit("host add host2");
    let start = s.submit("docker events");
    assert!(start.output.is_empty(), "without --since, nothing past");
    assert!(s.following());
    assert!(s.select_tab("host2"));
    s.submit("ssh host1");
    s.submit("docker network create appnet");
    assert!(s.select_tab("host1"));
    let tick = s.tick().expect("events run");
    let lines = text(&tick);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].contains(" network create "));
    assert!(lines[0].ends_with("(name=appnet)"));
    // Nothing new: nothing printed.
    assert!(s.tick().expect("still running").output.is_empty());
    assert_eq!(s.interrupt().expect("Ctrl-C").exit_code, 130);
}

#[test]
fn ctrl_c_at_a_prompt_drops_the_open_command() {
    let mut s = Session::new(1);
    s.submit("echo 'open");
    assert!(s.continuing());
    let turn = s.interrupt().expect("Ctrl-C");
    assert_eq!(turn.input, "^C");
    assert!(!s.continuing());
    assert_eq!(text(&s.submit("echo $?")), ["130"]);
}

#[test]
fn the_same_inputs_and_ticks_give_the_same_bytes() {
    let run = || {
        let mut s = Session::new(7);
        let mut all = Vec::new();
        all.push(s.submit("docker run -d --name web nginx").transcript());
        all.push(s.submit("docker logs -f web").transcript());
        for _ in 0..3 {
            all.extend(s.tick().map(|t| t.transcript()));
        }
        all.extend(s.interrupt().map(|t| t.transcript()));
        all.push(s.submit("docker run httpd").transcript());
        all.extend(s.interrupt().map(|t| t.transcript()));
        all
    };
    assert_eq!(run(), run());
}

#[test]
fn the_mysql_monitor_reads_lines_as_typed_and_hides_its_password() {
    let mut s = Session::new(1);
    s.submit(
        "docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -e MYSQL_DATABASE=todos mysql:8.0",
    );
    s.submit("docker exec -it db mysql -u root -p");
    assert!(s.following());
    assert_eq!(s.prompt(), "Enter password: ");
    // The terminal shows the prompt and nothing of what was typed.
    let password = s.submit("secret");
    assert_eq!(password.input, "");
    assert!(text(&password)[0].starts_with("Welcome to the MySQL monitor."));
    assert!(s.history().iter().all(|h| h != "secret"));
    assert_eq!(s.prompt(), "mysql> ");
    // A line no shell reads: `*` is no glob, `;` ends the statement, an open one prompts `->`.
    let open = s.submit("SELECT *");
    assert!(open.output.is_empty());
    assert_eq!(s.prompt(), "    -> ");
    let rows = s.submit("FROM todos.nope;");
    assert_eq!(
        text(&rows),
        ["ERROR 1146 (42S02): Table 'todos.nope' doesn't exist"]
    );
    // Ctrl-C drops the statement being typed; the monitor stays.
    s.submit("SHOW");
    let ctrl_c = s.interrupt().expect("Ctrl-C");
    assert!(ctrl_c.output.is_empty());
    assert_eq!(s.prompt(), "mysql> ");
    let bye = s.submit("exit");
    assert_eq!(text(&bye), ["Bye"]);
    assert!(!s.following());
}
