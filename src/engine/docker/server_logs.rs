//! The first lines more servers write as they start, for `docker logs`: mongod's structured
//! log, RabbitMQ's banner and boot lines, and redis with `--loglevel warning` (quiet). Like
//! `image::startup_log`, plain data: the simulated process's own output, dated on the
//! logical clock, which the cli prints as it is.
//!
//! Sources: mongodb/mongo's log lines (`LOGV2` ids 23285 `Automatically disabling TLS 1.0…`,
//! 4615611 `MongoDB starting`, 22120 the access-control startup warning, 23015 `Listening
//! on`, 23016 `Waiting for connections`) and `logv2`'s JSON layout (`"s"`, `"c"` and `"id"`
//! padded); rabbitmq-server `deps/rabbit/src/rabbit.erl` (`print_banner`, `log_banner`: the
//! logo, `Erlang:`, `TLS Library:`, the doc links, `Logs:`, `Config file(s):`, `Starting
//! broker...`, the node facts) and `rabbit_boot_steps` (`started TCP listener on [::]:5672`,
//! ` completed with N plugins.`, `Server startup complete; N plugins started.`), as the
//! rabbitmq image's `docker logs` shows them (3.13.7 on Erlang 26.2.5.16, OpenSSL 3.1.8);
//! redis `server.c` (with `--loglevel warning` every start-up line is a notice: none shows).
//!
//! Not simulated: the dozens of lines between (mongod's build info, WiredTiger, RabbitMQ's
//! boot steps), times finer than the second, RabbitMQ's cookie hash.

use crate::engine::clock::Timestamp;
use crate::engine::docker::container::Container;

/// What the server in container `c` logs as it starts, when this file knows it (by its
/// image's repository, as `image::startup_log`); `None` leaves it to `startup_log`.
pub fn startup(c: &Container, now: Timestamp) -> Option<Vec<String>> {
    let argv: Vec<&str> = std::iter::once(c.path.as_str())
        .chain(c.args.iter().map(String::as_str))
        .collect();
    match c.image.repository.as_str() {
        "mongo" => Some(mongod(&c.hostname, now)),
        "rabbitmq" => Some(rabbitmq(&c.image.tag, &c.hostname, now)),
        // `redis-server --loglevel warning` (the redis image's Docker Hub page): its
        // start-up lines are notices, below the level.
        "redis"
            if argv
                .windows(2)
                .any(|w| w == ["--loglevel", "warning"] || w == ["--loglevel", "warn"]) =>
        {
            Some(Vec::new())
        }
        _ => None,
    }
}

fn mongod(hostname: &str, now: Timestamp) -> Vec<String> {
    let (y, mo, d, h, mi, s) = now.civil();
    let date = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
    // logv2's JSON: `"s"` padded to 2 after its comma, `"c"` to 10, `"id"` to 9.
    let line = |ms: u32, severity: &str, component: &str, id: u32, ctx: &str, rest: &str| {
        let component = format!("\"{component}\",");
        let id = format!("{id},");
        format!(
            "{{\"t\":{{\"$date\":\"{date}.{ms:03}+00:00\"}},\"s\":\"{severity}\",  \"c\":{component:<12}\"id\":{id:<9}\"ctx\":\"{ctx}\",{rest}}}"
        )
    };
    vec![
        line(100, "I", "CONTROL", 23285, "main", "\"msg\":\"Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'\""),
        line(
            110,
            "I",
            "CONTROL",
            4615611,
            "initandlisten",
            &format!("\"msg\":\"MongoDB starting\",\"attr\":{{\"pid\":1,\"port\":27017,\"dbPath\":\"/data/db\",\"architecture\":\"64-bit\",\"host\":\"{hostname}\"}}"),
        ),
        line(900, "W", "CONTROL", 22120, "initandlisten", "\"msg\":\"Access control is not enabled for the database. Read and write access to data and configuration is unrestricted\",\"tags\":[\"startupWarnings\"]"),
        line(950, "I", "NETWORK", 23015, "listener", "\"msg\":\"Listening on\",\"attr\":{\"address\":\"/tmp/mongodb-27017.sock\"}"),
        line(950, "I", "NETWORK", 23015, "listener", "\"msg\":\"Listening on\",\"attr\":{\"address\":\"0.0.0.0\"}"),
        line(950, "I", "NETWORK", 23016, "listener", "\"msg\":\"Waiting for connections\",\"attr\":{\"port\":27017,\"ssl\":\"off\"}"),
    ]
}

/// The RabbitMQ release of a tag (`3` is 3.13.7, the last 3.x image), and its runtime. The
/// 3.13.7 line is the image's own (`docker logs` of `rabbitmq:3`); 4.x's Erlang, OpenSSL and
/// copyright years are Berth's estimates (not verified).
fn rabbitmq_release(tag: &str) -> (&'static str, &'static str, &'static str, &'static str) {
    // (version, Erlang, TLS library, copyright years).
    if tag.starts_with('3') {
        (
            "3.13.7",
            "26.2.5.16",
            "OpenSSL 3.1.8 11 Feb 2025",
            "2007-2024",
        )
    } else if tag.starts_with("4.2") {
        (
            "4.2.9",
            "27.3.4.6",
            "OpenSSL 3.5.4 30 Sep 2025",
            "2007-2025",
        )
    } else {
        (
            "4.3.5",
            "27.3.4.6",
            "OpenSSL 3.5.4 30 Sep 2025",
            "2007-2025",
        )
    }
}

fn rabbitmq(tag: &str, hostname: &str, now: Timestamp) -> Vec<String> {
    let (y, mo, d, h, mi, s) = now.civil();
    let stamp =
        |micros: u32| format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{micros:06}+00:00");
    let (version, erlang, tls, years) = rabbitmq_release(tag);
    let management = tag.contains("management");
    let boot = |micros: u32, text: &str| format!("{} [info] <0.254.0> {text}", stamp(micros));
    let node = format!("rabbit@{hostname}");
    let mut lines = vec![
        boot(100_070, ""),
        boot(
            100_070,
            &format!(" Starting RabbitMQ {version} on Erlang {erlang} [jit]"),
        ),
        boot(
            100_070,
            &format!(" Copyright (c) {years} Broadcom Inc and/or its subsidiaries"),
        ),
        boot(
            100_070,
            " Licensed under the MPL 2.0. Website: https://rabbitmq.com",
        ),
        String::new(),
        format!("  ##  ##      RabbitMQ {version}"),
        "  ##  ##".to_string(),
        format!("  ##########  Copyright (c) {years} Broadcom Inc and/or its subsidiaries"),
        "  ######  ##".to_string(),
        "  ##########  Licensed under the MPL 2.0. Website: https://rabbitmq.com".to_string(),
        String::new(),
        format!("  Erlang:      {erlang} [jit]"),
        format!("  TLS Library: OpenSSL - {tls}"),
        "  Release series support status: see https://www.rabbitmq.com/release-information"
            .to_string(),
        String::new(),
        "  Doc guides:  https://www.rabbitmq.com/docs".to_string(),
        "  Support:     https://www.rabbitmq.com/docs/contact".to_string(),
        "  Tutorials:   https://www.rabbitmq.com/tutorials".to_string(),
        "  Monitoring:  https://www.rabbitmq.com/docs/monitoring".to_string(),
        "  Upgrading:   https://www.rabbitmq.com/docs/upgrade".to_string(),
        String::new(),
        "  Logs: <stdout>".to_string(),
        String::new(),
        "  Config file(s): /etc/rabbitmq/conf.d/10-defaults.conf".to_string(),
        String::new(),
        format!("  Starting broker...{}", boot(102_086, "")),
        boot(102_086, &format!(" node           : {node}")),
        boot(102_086, " home dir       : /var/lib/rabbitmq"),
        boot(
            102_086,
            " config file(s) : /etc/rabbitmq/conf.d/10-defaults.conf",
        ),
        boot(102_086, " log(s)         : <stdout>"),
        boot(
            102_086,
            &format!(" data dir       : /var/lib/rabbitmq/mnesia/{node}"),
        ),
    ];
    let ready =
        |micros: u32, pid: &str, text: &str| format!("{} [info] <{pid}> {text}", stamp(micros));
    let mut plugins = vec!["rabbitmq_prometheus"];
    if management {
        lines.push(ready(
            644_366,
            "0.770.0",
            "Management plugin: HTTP (non-TLS) listener started on port 15672",
        ));
        lines.push(ready(644_476, "0.800.0", "Statistics database started."));
        plugins.push("rabbitmq_management");
    }
    plugins.extend(["rabbitmq_management_agent", "rabbitmq_web_dispatch"]);
    lines.push(ready(
        650_297,
        "0.818.0",
        "Prometheus metrics: HTTP (non-TLS) listener started on port 15692",
    ));
    lines.push(ready(
        650_389,
        "0.704.0",
        "Ready to start client connection listeners",
    ));
    lines.push(ready(
        651_291,
        "0.862.0",
        "started TCP listener on [::]:5672",
    ));
    lines.push(format!(" completed with {} plugins.", plugins.len()));
    lines.push(ready(
        679_545,
        "0.704.0",
        &format!(
            "Server startup complete; {} plugins started.",
            plugins.len()
        ),
    ));
    for p in plugins {
        lines.push(ready(679_545, "0.704.0", &format!(" * {p}")));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mongod_pads_its_json_as_logv2_does() {
        let lines = mongod("4b1e6f0c2a9d", Timestamp(0));
        assert!(lines[0].ends_with("\"s\":\"I\",  \"c\":\"CONTROL\",  \"id\":23285,   \"ctx\":\"main\",\"msg\":\"Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'\"}"));
        assert!(lines[1].contains("\"id\":4615611, \"ctx\":\"initandlisten\""));
        assert!(lines[5].contains("\"c\":\"NETWORK\",  \"id\":23016,   \"ctx\":\"listener\",\"msg\":\"Waiting for connections\",\"attr\":{\"port\":27017,\"ssl\":\"off\"}}"));
    }

    #[test]
    fn rabbitmq_names_its_node_after_the_hostname() {
        let lines = rabbitmq("3", "my-rabbit", Timestamp(0));
        assert!(lines
            .iter()
            .any(|l| l.ends_with(" node           : rabbit@my-rabbit")));
        assert!(lines
            .iter()
            .any(|l| l.ends_with("Server startup complete; 3 plugins started.")));
        assert_eq!(lines[5], "  ##  ##      RabbitMQ 3.13.7");
    }
}
