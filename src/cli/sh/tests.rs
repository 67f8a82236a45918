//! The front-end as data: input → the parsed shape (printed back compactly) or the error.
//! The printed form: items joined by ` ; ` (`&` after a background item), `&&`/`||`,
//! `|`, each simple command as `[assignments] words <redirects>`, and each word's parts as
//! `L(…)` literal, `Q(…)` quoted, `D(…)` double-quoted, `V(…)` variable, `S(…)` substitution.

#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic
)]

use super::parse::{parse, Connector, ParseError, Part, Pending, RedirectKind, Script, Word};

fn word(w: &Word) -> String {
    w.0.iter()
        .map(|p| match p {
            Part::Literal(s) => format!("L({s})"),
            Part::Quoted(s) => format!("Q({s})"),
            Part::Double(inner) => format!("D({})", word(&Word(inner.clone()))),
            Part::Var(v) => format!("V({v})"),
            Part::Subst(s) => format!("S({})", show(s)),
        })
        .collect::<Vec<_>>()
        .join("")
}

fn show(script: &Script) -> String {
    let items: Vec<String> = script
        .items
        .iter()
        .map(|item| {
            let pipelines = std::iter::once((None, &item.first))
                .chain(item.rest.iter().map(|(c, p)| (Some(*c), p)));
            let mut text = String::new();
            for (connector, pipeline) in pipelines {
                match connector {
                    Some(Connector::And) => text.push_str(" && "),
                    Some(Connector::Or) => text.push_str(" || "),
                    None => {}
                }
                if pipeline.negated {
                    text.push_str("! ");
                }
                let commands: Vec<String> = pipeline
                    .commands
                    .iter()
                    .map(|c| {
                        let mut parts: Vec<String> = c
                            .assignments
                            .iter()
                            .map(|(n, v)| format!("{n}={}", word(v)))
                            .collect();
                        parts.extend(c.words.iter().map(word));
                        for r in &c.redirects {
                            parts.push(match &r.kind {
                                RedirectKind::Write(w) => format!("<{}>{}>", r.fd, word(w)),
                                RedirectKind::Append(w) => format!("<{}>>{}>", r.fd, word(w)),
                                RedirectKind::Read(w) => format!("<{}<{}>", r.fd, word(w)),
                                RedirectKind::Dup(t) => format!("<{}>&{t}>", r.fd),
                                RedirectKind::Both { target, append } => {
                                    format!(
                                        "<&>{}{}>",
                                        if *append { ">" } else { "" },
                                        word(target)
                                    )
                                }
                                RedirectKind::HereDoc(w) => format!("<{}<<{}>", r.fd, word(w)),
                            });
                        }
                        parts.join(" ")
                    })
                    .collect();
                text.push_str(&commands.join(" | "));
            }
            if item.background {
                text.push_str(" &");
            }
            text
        })
        .collect();
    items.join(" ; ")
}

fn check(input: &str, expected: Result<&str, ParseError>) {
    let actual = parse(input).map(|s| show(&s));
    assert_eq!(actual, expected.map(str::to_string), "input: {input:?}");
}

#[test]
fn parses_what_learners_paste() {
    let cases: &[(&str, &str)] = &[
        ("docker run  -d nginx", "L(docker) L(run) L(-d) L(nginx)"),
        (
            "echo 'a  b' \"c d\" e\\ f",
            "L(echo) Q(a  b) D(Q(c d)) L(e)Q( )L(f)",
        ),
        ("a ''", "L(a) Q()"),
        ("   ", ""),
        ("# only a comment", ""),
        ("docker ps # list", "L(docker) L(ps)"),
        ("docker ps | grep web", "L(docker) L(ps) | L(grep) L(web)"),
        ("a && b || c; d & e", "L(a) && L(b) || L(c) ; L(d) & ; L(e)"),
        ("! true", "! L(true)"),
        ("FOO=bar", "FOO=L(bar)"),
        ("FOO=bar cmd", "FOO=L(bar) L(cmd)"),
        ("X=\"a b\" Y=$(id)", "X=D(Q(a b)) Y=S(L(id))"),
        ("cmd a=b", "L(cmd) L(a=b)"),
        ("echo $A ${B}c $? $1", "L(echo) V(A) V(B)L(c) V(?) V(1)"),
        ("echo \"$A-${B}\" '$A'", "L(echo) D(V(A)Q(-)V(B)) Q($A)"),
        ("echo $ a$", "L(echo) L($) L(a$)"),
        (
            "docker rm -f $(docker ps -aq)",
            "L(docker) L(rm) L(-f) S(L(docker) L(ps) L(-aq))",
        ),
        ("echo `hostname`", "L(echo) S(L(hostname))"),
        (
            "echo $(echo $(echo x))",
            "L(echo) S(L(echo) S(L(echo) L(x)))",
        ),
        ("echo \"$(a | b)\"", "L(echo) D(S(L(a) | L(b)))"),
        ("a > f", "L(a) <1>L(f)>"),
        ("a >> f 2>&1", "L(a) <1>>L(f)> <2>&1>"),
        ("a 2>/dev/null <in", "L(a) <2>L(/dev/null)> <0<L(in)>"),
        ("a &> f", "L(a) <&>L(f)>"),
        ("a >&2", "L(a) <1>&2>"),
        ("a2>f", "L(a2) <1>L(f)>"),
        ("cat <<EOF\nhi $X\nEOF", "L(cat) <0<<D(Q(hi )V(X)Q(\n))>"),
        ("cat <<'EOF'\nhi $X\nEOF", "L(cat) <0<<Q(hi $X\n)>"),
        ("cat <<-EOF\n\thi\n\tEOF", "L(cat) <0<<D(Q(hi\n))>"),
        (
            "cat > compose.yaml <<'EOF'\nservices:\n  web: {}\nEOF\ncat compose.yaml",
            "L(cat) <1>L(compose.yaml)> <0<<Q(services:\n  web: {}\n)> ; L(cat) L(compose.yaml)",
        ),
        (
            "docker network create -d macvlan \\\n  --subnet=172.16.86.0/24 \\\n  pub_net",
            "L(docker) L(network) L(create) L(-d) L(macvlan) L(--subnet=172.16.86.0/24) L(pub_net)",
        ),
        ("a |\n b", "L(a) | L(b)"),
        ("a &&\n\n b", "L(a) && L(b)"),
        ("a\nb", "L(a) ; L(b)"),
        (
            "docker inspect -f '{{.Name}}' x",
            "L(docker) L(inspect) L(-f) Q({{.Name}}) L(x)",
        ),
    ];
    for (input, expected) in cases {
        check(input, Ok(expected));
    }
}

#[test]
fn open_input_waits_for_more() {
    let cases: &[(&str, Pending)] = &[
        ("echo 'oops", Pending::Quote('\'')),
        ("echo \"oops", Pending::Quote('"')),
        ("echo `oops", Pending::Quote('`')),
        ("echo $(docker ps", Pending::Close(')')),
        ("echo ${X", Pending::Close('}')),
        ("trailing\\", Pending::Backslash),
        ("docker ps |", Pending::Operator),
        ("a &&", Pending::Operator),
        ("a ||  ", Pending::Operator),
        ("cat <<EOF", Pending::HereDoc("EOF".into())),
        ("cat <<EOF\nline", Pending::HereDoc("EOF".into())),
    ];
    for (input, pending) in cases {
        check(input, Err(ParseError::Incomplete(pending.clone())));
    }
}

#[test]
fn syntax_errors_name_the_token() {
    let cases: &[(&str, &str)] = &[
        ("| grep", "|"),
        ("; ls", ";"),
        ("&& ls", "&&"),
        ("a ;; b", ";;"),
        ("echo >", "newline"),
        ("echo > | x", "|"),
        ("a | | b", "|"),
        ("echo foo(bar)", "("),
        ("a )", ")"),
    ];
    for (input, token) in cases {
        check(input, Err(ParseError::Unexpected((*token).to_string())));
    }
}

#[test]
fn bounds_and_unsimulated_constructs_are_errors() {
    assert!(matches!(
        parse("for i in 1; do echo; done"),
        Err(ParseError::NotSimulated(_))
    ));
    assert!(matches!(parse("(cd x)"), Err(ParseError::NotSimulated(_))));
    assert!(matches!(
        parse("echo $((1+2))"),
        Err(ParseError::NotSimulated(_))
    ));
    assert!(matches!(
        parse("echo ${X:-y}"),
        Err(ParseError::NotSimulated(_))
    ));
    let deep = format!("{}x{}", "$(echo ".repeat(20), ")".repeat(20));
    assert!(matches!(parse(&deep), Err(ParseError::TooLarge(_))));
    let long = "a".repeat(super::parse::MAX_INPUT + 1);
    assert!(matches!(parse(&long), Err(ParseError::TooLarge(_))));
    let many = "a;".repeat(super::parse::MAX_COMMANDS + 1);
    assert!(matches!(parse(&many), Err(ParseError::TooLarge(_))));
}

#[test]
fn bash_texts_at_end_of_input() {
    use super::{end_of_input, Dialect};
    let text = |o: crate::cli::Output| {
        o.lines
            .iter()
            .map(|l| l.text.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        text(end_of_input(Dialect::Bash, &Pending::Quote('"'))),
        "bash: unexpected EOF while looking for matching `\"'\nbash: syntax error: unexpected end of file"
    );
    assert_eq!(
        text(end_of_input(Dialect::Bash, &Pending::Operator)),
        "bash: syntax error: unexpected end of file"
    );
    assert_eq!(
        text(end_of_input(Dialect::Ash, &Pending::Quote('\''))),
        "sh: syntax error: unterminated quoted string"
    );
}

/// Runs lines at a fresh host's prompt, one shell state for all; returns what the last one
/// printed (stdout and stderr in order) and its status.
fn run(lines: &[&str]) -> (String, i32) {
    let mut world = crate::engine::World::new(1);
    let mut state = super::exec::ShellState::default();
    let mut last = crate::cli::Output::default();
    for line in lines {
        let script = parse(line).unwrap();
        let place = super::exec::Place::Host {
            user: None,
            first_host: None,
        };
        last = super::exec::Runner::new(&mut world, "host1", place, &mut state).run(&script);
    }
    let text = last
        .lines
        .iter()
        .map(|l| l.text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    (text, last.exit_code)
}

#[test]
fn expansion_splits_unquoted_results_only() {
    let cases: &[(&[&str], &str, i32)] = &[
        (&["X='a  b'", "echo [$X]"], "[a b]", 0),
        (&["X='a  b'", "echo \"[$X]\""], "[a  b]", 0),
        (&["X=' lead'", "echo [$X]"], "[ lead]", 0),
        (&["echo x$(echo)y"], "xy", 0),
        (&["echo $(echo one; echo two)"], "one two", 0),
        (&["echo \"$(echo one; echo two)\" | wc -l"], "2", 0),
        (&["echo $UNSET | wc -c"], "1", 0),
        (&["false", "echo $?"], "1", 0),
        (&["false; echo $?; true", "echo $?"], "0", 0),
        (&["X=$(false)", "echo $?"], "1", 0),
        (&["A=1", "A=2 B=$A", "echo $A $B"], "2 1", 0),
        (&["echo ~ '*'"], "~ *", 0),
        (&["echo $HOME $USER $HOSTNAME"], "/root root host1", 0),
        (&["export GREETING=hi", "echo $GREETING"], "hi", 0),
        (&["V=x", "export V", "echo $V"], "x", 0),
        (&["echo a > f", "echo b >> f", "cat f"], "a\nb", 0),
        (&["echo a > /root/f", "cat < f"], "a", 0),
        (&["echo gone 2>&1 > /dev/null"], "", 0),
        (&["docker rm ghost 2>&1 | grep -c such"], "1", 0),
        (&["! false"], "", 0),
        (&["true && false || echo rescued"], "rescued", 0),
        (&["false && echo no"], "", 1),
        (&["echo \"'a b' c\" | xargs -n 1 echo"], "a b\nc", 0),
        (&["printf x | cat"], "", 0),
    ];
    for (lines, expected, status) in cases {
        let (text, code) = run(lines);
        if lines == &["printf x | cat"] {
            // Not a tool here: the playground says so on stderr, and `cat` reads nothing.
            assert_eq!(code, 0, "{lines:?}");
            assert!(text.starts_with("berth: printf: not available"), "{text}");
            continue;
        }
        assert_eq!((text.as_str(), code), (*expected, *status), "{lines:?}");
    }
}

#[test]
fn bounds_hold_at_run_time() {
    let many = vec!["x"; 300].join("\n");
    let (text, code) = run(&[&format!("echo \"{many}\" | xargs -n 1 true")]);
    assert_eq!(code, 1);
    assert!(text.contains("at most 256"), "{text}");
}
