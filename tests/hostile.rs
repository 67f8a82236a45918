//! Hostile input for the parts that read files a learner writes: Dockerfiles (`docker build`),
//! compose files (`docker compose`), and paths given to `docker cp`. Whatever the bytes, a
//! command answers (an error is an answer) and the session goes on: no panic, no hang, and
//! the next command still works. The inputs mix the real vocabulary (instructions, keys,
//! anchors, variables, continuation lines) with random printable text, because a parser's
//! edge cases sit where real syntax is almost right.

// Test code: a failed unwrap or index is a failed test, which is what we want here.
#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing
)]

use berth::session::{Session, Turn, DEFAULT_SEED};
use proptest::prelude::*;

/// Submits each line; returns every turn.
fn run(session: &mut Session, lines: &[String]) -> Vec<Turn> {
    lines.iter().map(|line| session.submit(line)).collect()
}

/// After the hostile part, the session still answers a plain command with the right text.
fn still_answers(session: &mut Session) -> Result<(), TestCaseError> {
    // A here-document cut short by a random line is closed first.
    if session.continuing() {
        session.submit("EOF");
    }
    if session.inside().is_some() {
        session.submit("exit");
    }
    let turn = session.submit("echo still-here");
    let text: Vec<&str> = turn.output.iter().map(|l| l.text.as_str()).collect();
    prop_assert_eq!(text, vec!["still-here"]);
    Ok(())
}

/// Writes `lines` to `file` through a quoted here-document, as a learner pastes it.
fn write_file(file: &str, lines: &[String]) -> Vec<String> {
    let mut out = vec![format!("cat > {file} <<'EOF'")];
    out.extend(lines.iter().cloned());
    out.push("EOF".to_string());
    out
}

fn printable(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[ -~\t]{{0,{max}}}")).unwrap()
}

fn dockerfile_line() -> impl Strategy<Value = String> {
    let vocabulary: &'static [&'static str] = &[
        "# syntax=docker/dockerfile:1",
        "# escape=`",
        "FROM alpine",
        "FROM alpine:3.22 AS base",
        "FROM scratch",
        "FROM base AS second",
        "FROM ${IMAGE:-alpine}",
        "FROM nonexistent/image:tag",
        "ARG IMAGE",
        "ARG X=1",
        "ENV A=$X B=\"${A:+set}\" C",
        "WORKDIR /app",
        "WORKDIR ${NOPE:?is unset}",
        "COPY . .",
        "COPY --from=base /etc/os-release /x",
        "COPY --from=missing / /",
        "COPY --chown=1000:1000 *.txt /data/",
        "ADD https://example.com/file /f",
        "RUN apk add --no-cache curl",
        "RUN apt-get update && apt-get install -y curl",
        "RUN echo hi > /a && cat /a",
        "RUN exit 3",
        "RUN while true; do :; done",
        "RUN <<EOT",
        "EOT",
        "RUN [\"sh\", \"-c\", \"echo json\"]",
        "RUN [\"unterminated",
        "CMD [\"sh\", \"-c\", \"echo run\"]",
        "CMD echo shell form",
        "ENTRYPOINT [\"/bin/sh\"]",
        "EXPOSE 80/tcp 8080-8090 notaport",
        "USER nobody",
        "USER 1000:1000",
        "LABEL a=b \"c d\"=e",
        "HEALTHCHECK --interval=1s CMD true",
        "HEALTHCHECK NONE",
        "ONBUILD RUN echo later",
        "STOPSIGNAL SIGKILL",
        "SHELL [\"/bin/bash\", \"-c\"]",
        "VOLUME /data",
        "MAINTAINER someone",
        "RUN echo \\",
        "  continued",
        "\\",
        "",
        "FROMM alpine",
        "run lowercase",
    ];
    prop_oneof![
        4 => proptest::sample::select(vocabulary).prop_map(str::to_string),
        1 => printable(40),
    ]
}

fn compose_line() -> impl Strategy<Value = String> {
    let vocabulary: &'static [&'static str] = &[
        "services:",
        "  web:",
        "  db:",
        "    image: nginx",
        "    image: postgres",
        "    image: \"${IMAGE:?set IMAGE}\"",
        "    build: .",
        "    build: {context: ., dockerfile: Missing}",
        "    ports: [\"8080:80\"]",
        "    ports:",
        "      - \"99999:80\"",
        "      - 80-90:80",
        "      - target: 80",
        "    environment:",
        "      - A=1",
        "      POSTGRES_PASSWORD: example",
        "    env_file: .env",
        "    depends_on: {db: {condition: service_healthy}}",
        "    depends_on: [web]",
        "    networks: {front: {aliases: [a, b]}}",
        "    networks: [front, back]",
        "    volumes: [\"data:/var/lib/data\", \"./:/src\"]",
        "    command: [\"sh\", \"-c\", \"echo hi\"]",
        "    command: sleep infinity",
        "    healthcheck: {test: [\"CMD\", \"true\"], interval: 1s}",
        "    restart: always",
        "    <<: *base",
        "x-base: &base",
        "  image: alpine",
        "networks:",
        "  front:",
        "  back: {ipam: {config: [{subnet: 10.9.0.0/16}]}}",
        "  bad: {ipam: {config: [{subnet: not-a-subnet}]}}",
        "volumes:",
        "  data:",
        "version: \"3.8\"",
        "name: My Project",
        "\tservices:",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
        "a: &a [*a]",
        "- item",
        "key: 'unterminated",
        "---",
        "...",
        "",
    ];
    prop_oneof![
        4 => proptest::sample::select(vocabulary).prop_map(str::to_string),
        1 => printable(40),
    ]
}

fn cp_path() -> impl Strategy<Value = String> {
    let vocabulary: &'static [&'static str] = &[
        "/", ".", "..", "/etc/os-release", "/etc/", "/nope", "/tmp", "~", "-", "a:b:c", "/proc/1",
        "/dev/null", "/etc/../etc/hosts", "//", "./x/./y/../z", "*", "/usr/share/nginx/html/",
    ];
    prop_oneof![
        3 => proptest::sample::select(vocabulary).prop_map(str::to_string),
        1 => proptest::string::string_regex("[a-z./~:*-]{0,24}").unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    #[test]
    fn any_dockerfile_builds_or_fails_with_a_message(
        lines in proptest::collection::vec(dockerfile_line(), 0..14)
    ) {
        let mut session = Session::new(DEFAULT_SEED);
        run(&mut session, &write_file("Dockerfile", &lines));
        session.submit("echo hello > a.txt");
        let mut commands = vec![
            "docker build -t hostile .".to_string(),
            "docker build --target second -t hostile:2 .".to_string(),
            "docker build --progress=plain --build-arg X=2 .".to_string(),
        ];
        commands.extend(
            ["docker run --rm hostile", "docker history hostile", "docker images"]
                .map(str::to_string),
        );
        for turn in run(&mut session, &commands) {
            // A failed build says why: an exit status without a word is a silent failure.
            if turn.exit_code != 0 {
                prop_assert!(
                    !turn.output.is_empty() || session.continuing(),
                    "a failing command printed nothing\nDockerfile:\n{}",
                    lines.join("\n")
                );
            }
        }
        still_answers(&mut session)?;
    }

    #[test]
    fn any_compose_file_loads_or_fails_with_a_message(
        lines in proptest::collection::vec(compose_line(), 0..16)
    ) {
        let mut session = Session::new(DEFAULT_SEED);
        run(&mut session, &write_file("compose.yaml", &lines));
        let commands: Vec<String> = [
            "docker compose config",
            "docker compose up -d",
            "docker compose ps",
            "docker compose logs",
            "docker compose down -v",
        ]
        .map(str::to_string)
        .to_vec();
        for turn in run(&mut session, &commands) {
            if turn.exit_code != 0 {
                prop_assert!(
                    !turn.output.is_empty(),
                    "a failing compose command printed nothing\ncompose.yaml:\n{}",
                    lines.join("\n")
                );
            }
        }
        // `up` without -d could not have been typed here, but a follow may still be open.
        session.submit("\u{3}");
        still_answers(&mut session)?;
    }

    #[test]
    fn any_cp_path_copies_or_fails_with_a_message(
        paths in proptest::collection::vec(cp_path(), 1..6)
    ) {
        let mut session = Session::new(DEFAULT_SEED);
        session.submit("docker run -d --name box nginx");
        for path in &paths {
            for command in [
                format!("docker cp box:{path} out"),
                format!("docker cp /etc/hostname box:{path}"),
                format!("docker cp box:{path} -"),
                format!("docker cp {path} box:/tmp/"),
            ] {
                let turn = session.submit(&command);
                if turn.exit_code != 0 {
                    prop_assert!(!turn.output.is_empty(), "`{}` failed silently", command);
                }
            }
        }
        let turn = session.submit("docker diff box");
        prop_assert_eq!(turn.exit_code, 0);
        still_answers(&mut session)?;
    }
}

/// A YAML "billion laughs": nine levels of nine aliases would expand to 10^9 nodes. Compose
/// must refuse or bound it, quickly, instead of eating the tab's memory.
#[test]
fn a_yaml_alias_bomb_is_bounded() {
    let mut session = Session::new(DEFAULT_SEED);
    let mut lines = vec![
        "x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"
            .to_string(),
    ];
    for (level, previous) in ('b'..='i').zip('a'..='h') {
        let refs = vec![format!("*{previous}"); 9].join(",");
        lines.push(format!("x-{level}: &{level} [{refs}]"));
    }
    lines.push("services:".to_string());
    lines.push("  web:".to_string());
    lines.push("    image: nginx".to_string());
    lines.push("    labels: *i".to_string());
    run(&mut session, &write_file("compose.yaml", &lines));
    let turn = session.submit("docker compose config");
    assert!(!turn.output.is_empty());
    let turn = session.submit("docker compose up -d");
    assert!(!turn.output.is_empty());
    let turn = session.submit("echo still-here");
    assert_eq!(turn.output.len(), 1);
}
