//! The parser and the instructions against BuildKit's own behaviour: each row a Dockerfile and
//! what BuildKit answers (texts from moby/buildkit `frontend/dockerfile/parser` and
//! `instructions`).

use super::instructions::{self, CommandLine, Instruction};
use super::parse::{self, Args};

fn parse_error(text: &str) -> String {
    match parse::parse(text).and_then(|f| instructions::stages(&f)) {
        Ok(_) => "ok".into(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn errors_in_buildkits_words_with_their_line() {
    let table = [
        ("FROM alpine\n\nRUNN echo hi\n", "dockerfile parse error on line 3: unknown instruction: RUNN (did you mean RUN?)"),
        ("FROM alpine\ncopy-x a b\n", "dockerfile parse error on line 2: unknown instruction: copy-x (did you mean copy?)"),
        ("FROM alpine\nFETCH x\n", "dockerfile parse error on line 2: unknown instruction: FETCH"),
        ("FROM alpine\nworkdr /app\n", "dockerfile parse error on line 2: unknown instruction: workdr (did you mean workdir?)"),
        ("FROM alpine\nCOPY app.js\n", "dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined"),
        ("FROM\n", "dockerfile parse error on line 1: FROM requires either one or three arguments"),
        ("FROM alpine AS 1st\n", "dockerfile parse error on line 1: invalid name for build stage: \"1st\", name can't start with a number or contain symbols"),
        ("FROM alpine\nWORKDIR\n", "dockerfile parse error on line 2: WORKDIR requires exactly one argument"),
        ("FROM alpine\nEXPOSE\n", "dockerfile parse error on line 2: EXPOSE requires at least one argument"),
        ("FROM alpine\nENV A\n", "ENV must have two arguments"),
        ("FROM alpine\nENV A=1 B\n", "Syntax error - can't find = in \"B\". Must be of the form: name=value"),
        ("FROM alpine\nCOPY --form=x a b\n", "dockerfile parse error on line 2: unknown flag: form"),
        ("FROM alpine\nHEALTHCHECK --retries=-1 CMD true\n", "dockerfile parse error on line 2: --retries cannot be negative (-1)"),
        ("FROM alpine\nHEALTHCHECK PING x\n", "dockerfile parse error on line 2: Unknown type \"PING\" in HEALTHCHECK (try CMD)"),
        ("FROM alpine\nONBUILD FROM x\n", "dockerfile parse error on line 2: FROM isn't allowed as an ONBUILD trigger"),
        ("FROM alpine\nCMD [\"a\", 1]\n", "when using JSON array syntax, arrays must be comprised of strings only"),
        ("RUN echo hi\n", "no build stage in current context"),
        ("# just a comment\n\n", "file with no instructions"),
        ("FROM alpine\nRUN <<EOF\necho hi\n", "unterminated heredoc"),
        ("# escape=x\nFROM alpine\n", "invalid escape token 'x' does not match ` or \\"),
    ];
    for (text, want) in table {
        assert_eq!(parse_error(text), want, "{text:?}");
    }
}

#[test]
fn the_workshop_dockerfile() {
    let text = "# syntax=docker/dockerfile:1\n\nFROM node:lts-alpine\nWORKDIR /app\nCOPY . .\nRUN yarn install --production\nCMD [\"node\", \"src/index.js\"]\nEXPOSE 3000\n";
    let file = parse::parse(text).unwrap();
    assert_eq!(file.syntax.as_deref(), Some("docker/dockerfile:1"));
    let stages = instructions::stages(&file).unwrap();
    let [stage] = stages.stages.as_slice() else {
        panic!("one stage")
    };
    assert_eq!(stage.base, "node:lts-alpine");
    assert_eq!(stage.start_line, 3);
    let kinds: Vec<&Instruction> = stage.steps.iter().map(|s| &s.instruction).collect();
    assert_eq!(kinds[0], &Instruction::Workdir("/app".into()));
    assert_eq!(
        kinds[2],
        &Instruction::Run {
            command: CommandLine::Shell("yarn install --production".into()),
            heredocs: vec![]
        }
    );
    assert_eq!(
        kinds[3],
        &Instruction::Cmd(CommandLine::Exec(vec![
            "node".into(),
            "src/index.js".into()
        ]))
    );
    assert_eq!(kinds[4], &Instruction::Expose(vec!["3000".into()]));
}

#[test]
fn continuations_comments_escape_and_heredocs() {
    let text = "FROM alpine\nRUN apk add \\\n# a comment inside\n    curl \\\n\n    jq\nRUN <<EOF\necho one\necho two\nEOF\nCMD echo done\n";
    let file = parse::parse(text).unwrap();
    let run = &file.nodes[1];
    assert_eq!(run.args, Args::Text("apk add     curl     jq".into()));
    assert_eq!((run.start_line, run.end_line), (2, 6));
    let heredoc = &file.nodes[2];
    assert_eq!(heredoc.heredocs[0].content, "echo one\necho two\n");
    assert_eq!((heredoc.start_line, heredoc.end_line), (7, 10));
    assert_eq!(file.nodes[3].start_line, 11);

    let windows = "# escape=`\nFROM mcr.microsoft.com/windows/nanoserver\nCOPY a `\n  c:\\dest\\\n";
    let file = parse::parse(windows).unwrap();
    assert_eq!(file.escape, '`');
    assert_eq!(
        file.nodes[1].args,
        Args::Words(vec!["a".into(), "c:\\dest\\".into()])
    );
}

#[test]
fn env_both_forms_and_args_before_from() {
    let text = "ARG VERSION=22\nFROM node:${VERSION}-alpine AS build\nENV NODE_ENV production\nENV A=1 B=\"two words\"\nLABEL org.opencontainers.image.title=app\n";
    let stages = instructions::stages(&parse::parse(text).unwrap()).unwrap();
    assert_eq!(
        stages.meta_args,
        vec![("VERSION".into(), Some("22".into()))]
    );
    let stage = &stages.stages[0];
    assert_eq!(stage.name.as_deref(), Some("build"));
    assert_eq!(
        stage.steps[0].instruction,
        Instruction::Env(vec![("NODE_ENV".into(), "production".into())])
    );
    assert_eq!(
        stage.steps[1].instruction,
        Instruction::Env(vec![
            ("A".into(), "1".into()),
            ("B".into(), "\"two words\"".into())
        ])
    );
}

#[test]
fn bounds_are_errors() {
    let big = "FROM alpine\n".repeat(30_000);
    assert!(parse_error(&big).starts_with("berth: a Dockerfile here holds at most"));
    let many = "FROM alpine\n".to_string() + &"RUN true\n".repeat(600);
    assert!(
        parse_error(&many).starts_with("berth: a Dockerfile here holds at most 512 instructions")
    );
}
