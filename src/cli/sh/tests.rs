//! The front-end as data: input → the parsed shape (printed back compactly) or the error.
//! The printed form: items joined by ` ; ` (`&` after a background item), `&&`/`||`,
//! `|`, each simple command as `[assignments] words <redirects>`, and each word's parts as
//! `L(…)` literal, `Q(…)` quoted, `D(…)` double-quoted, `V(…)` variable, `S(…)` substitution.

#![allow(
    clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic
)]

use super::parse::{
    parse, Command, Connector, ParseError, Part, Pending, RedirectKind, Script, Word,
};

fn word(w: &Word) -> String {
    w.0.iter()
        .map(|p| match p {
            Part::Literal(s) => format!("L({s})"),
            Part::Quoted(s) => format!("Q({s})"),
            Part::Double(inner) => format!("D({})", word(&Word(inner.clone()))),
            Part::Var(v) => format!("V({v})"),
            Part::Subst(s) => format!("S({})", show(s)),
            Part::Arith(w) => format!("A({})", word(w)),
            Part::Param { name, op, word: w } => format!("P({name}{op:?}{})", word(w)),
            Part::Length(n) => format!("N({n})"),
            Part::Home => "H".to_string(),
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
                        let c = match c {
                            Command::Simple(c) => c,
                            Command::Compound(compound, _) => return format!("{{{compound:?}}}"),
                            Command::Function(name, _) => return format!("fn {name}"),
                        };
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
        parse("echo ${X/a/b}"),
        Err(ParseError::BadSubstitution(_))
    ));
    assert!(matches!(
        parse("select x in a; do echo; done"),
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
        (&["echo ~ '*' ~/x a~"], "/root * /root/x a~", 0),
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
        (&["printf x | cat"], "x", 0),
    ];
    for (lines, expected, status) in cases {
        let (text, code) = run(lines);
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

#[test]
fn compound_commands_run() {
    let cases: &[(&[&str], &str, i32)] = &[
        (&["if true; then echo yes; else echo no; fi"], "yes", 0),
        (
            &["if false; then echo a; elif true; then echo b; fi"],
            "b",
            0,
        ),
        (&["if false; then echo a; fi"], "", 0),
        (
            &["if false; then :; else exit_code=3; fi; echo $exit_code"],
            "3",
            0,
        ),
        (&["for i in a b c; do echo $i; done"], "a\nb\nc", 0),
        (
            &["for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done"],
            "1\n3",
            0,
        ),
        (
            &["for i in 1 2 3; do for j in a b; do [ $j = b ] && break 2; echo $i$j; done; done"],
            "1a",
            0,
        ),
        (
            &["i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done"],
            "0\n1\n2",
            0,
        ),
        (
            &["i=3; until [ $i -eq 0 ]; do i=$((i-1)); done; echo $i"],
            "0",
            0,
        ),
        (
            &["case web.txt in *.md) echo md;; *.txt|*.log) echo text;; esac"],
            "text",
            0,
        ),
        (&["case x in y) echo y;; esac; echo $?"], "0", 0),
        (&["X=1; (X=2; echo $X); echo $X"], "2\n1", 0),
        (&["X=1; { X=2; echo $X; }; echo $X"], "2\n2", 0),
        (
            &["greet() { echo hello $1 $#; }; greet you there"],
            "hello you 2",
            0,
        ),
        (&["f() { return 3; }; f; echo $?"], "3", 0),
        (
            &["f() { local X=in; echo $X; }; X=out; f; echo $X"],
            "in\nout",
            0,
        ),
        (&["function f { echo \"$@\"; }; f a 'b c'"], "a b c", 0),
        (
            &["f() { for a; do echo [$a]; done; }; f 1 '2 3'"],
            "[1]\n[2 3]",
            0,
        ),
        (
            &["echo $((2 + 3 * 4)) $(( (1+2) * 3 )) $((7 % 3)) $((1 < 2 && 0))"],
            "14 9 1 0",
            0,
        ),
        (&["echo ${U:-dflt} ${U-d2} ${E:+alt}", ""], "", 0),
        (&["E=x; echo ${U:-dflt} ${E:+alt} ${#E}"], "dflt alt 1", 0),
        (&["echo ${N:=set}; echo $N"], "set\nset", 0),
        (
            &["P=/usr/local/bin/tool.tar.gz; echo ${P##*/} ${P#*/} ${P%%.*} ${P%.*}"],
            "tool.tar.gz usr/local/bin/tool.tar.gz /usr/local/bin/tool /usr/local/bin/tool.tar",
            0,
        ),
        (
            &["echo $((1/0)); echo after"],
            "bash: 1/0: division by 0 (error token is \"0\")",
            1,
        ),
        (
            &["echo ${MISSING:?is required}"],
            "bash: MISSING: is required",
            1,
        ),
        (&["[ 3 -gt 2 ] && echo big"], "big", 0),
        (&["[ abc = abc -a -n x ]; echo $?"], "0", 0),
        (&["[ ! -z '' ]; echo $?"], "1", 0),
        (
            &["[ a -lt 1 ]"],
            "bash: [: a: integer expression expected",
            2,
        ),
        (&["[ a = a"], "bash: [: missing `]'", 2),
        (&["test -d /etc && test ! -e /nowhere && echo ok"], "ok", 0),
        (&["echo hi > f.txt; [ -f f.txt ] && echo file"], "file", 0),
        (
            &["[[ web-1 == web-* && 2 -lt 10 ]] && echo match"],
            "match",
            0,
        ),
        (&["[[ abc == 'a*' ]]; echo $?"], "1", 0),
        (
            &["read A B <<EOF\none two three\nEOF\necho $B"],
            "two three",
            0,
        ),
        (
            &["printf 'a\\nb\\n' | while read l; do echo \"<$l>\"; done"],
            "<a>\n<b>",
            0,
        ),
        (&["printf '%s=%d\\n' a 1 b 2"], "a=1\nb=2", 0),
        (
            &["printf '%5s|%-4s|%03d|%x|%o|%c|%%\\n' ab cd 7 255 8 xyz"],
            "   ab|cd  |007|ff|10|x|%",
            0,
        ),
        (
            &["printf '%d\\n' abc"],
            "0\nbash: printf: abc: invalid number",
            1,
        ),
        (&["seq 3"], "1\n2\n3", 0),
        (
            &["seq 2 2 6 | uniq -c"],
            "      1 2\n      1 4\n      1 6",
            0,
        ),
        (&["printf 'a\\na\\nb\\n' | uniq -d"], "a", 0),
        (
            &["basename /a/b/c.txt .txt; dirname /a/b/c.txt; dirname c"],
            "c\n/a/b\n.",
            0,
        ),
        (&["yes | head -3"], "y\ny\ny", 0),
        (
            &["echo a.txt b.txt > /dev/null; echo x > a.txt; echo y > b.txt; echo *.txt"],
            "a.txt b.txt",
            0,
        ),
        (&["echo *.none '*.txt'"], "*.none *.txt", 0),
        (&["echo $$ $0"], "2051 bash", 0),
        (
            &["return"],
            "bash: return: can only `return' from a function or sourced script",
            1,
        ),
        (
            &["local X"],
            "bash: local: can only be used in a function",
            1,
        ),
        (&["sh -c 'echo $0 $1' zero one"], "zero one", 0),
        (&["set -- a 'b c'; echo $# $2; shift; echo $1"], "2 b c\nb c", 0),
        (&["set -e; false; echo went on"], "berth: `set -e` is not simulated in this playground's shell: the options change nothing (commands go on after a failure)\nwent on", 0),
        (&["echo x > f; echo y >> f; while read l; do echo \"got $l\"; done < f"], "got x\ngot y", 0),
        (&["printf 'a b\\n' | { read x y; echo $y$x; }"], "ba", 0),
        (&["V=old; echo new | read V; echo $V"], "old", 0),
    ];
    for (lines, expected, status) in cases {
        let (text, code) = run(lines);
        assert_eq!((text.as_str(), code), (*expected, *status), "{lines:?}");
    }
}

#[test]
fn open_compound_commands_wait_for_more() {
    let cases: &[(&str, &str)] = &[
        ("if true; then", "fi"),
        ("if true; then echo; else", "fi"),
        ("while true", "done"),
        ("for i in a b; do echo $i", "done"),
        ("for i in a b", "done"),
        ("case $x in", "esac"),
        ("case $x in a) echo;;", "esac"),
        ("f() {", "}"),
        ("f()", "}"),
        ("{ echo", "}"),
        ("( echo", ")"),
    ];
    for (input, closer) in cases {
        check(
            input,
            Err(ParseError::Incomplete(Pending::Keyword((*closer).into()))),
        );
    }
    check(
        "echo $((1 +",
        Err(ParseError::Incomplete(Pending::Close(')'))),
    );
    check(
        "echo ${X:-",
        Err(ParseError::Incomplete(Pending::Close('}'))),
    );
    for (input, token) in [
        ("fi", "fi"),
        ("if true; then fi", "fi"),
        ("then", "then"),
        ("while true; do done", "done"),
        ("if true; fi", "fi"),
        ("for 1 in a; do echo; done", "1"),
    ] {
        check(input, Err(ParseError::Unexpected(token.into())));
    }
    check(
        "for i in a\ndo\n  echo $i\ndone",
        Ok("{For { name: \"i\", words: Some([Word([Literal(\"a\")])]), body: Script { items: [Item { first: Pipeline { negated: false, commands: [Simple(Simple { assignments: [], words: [Word([Literal(\"echo\")]), Word([Var(\"i\")])], redirects: [] })] }, rest: [], background: false }] } }}"),
    );
}

#[test]
fn endless_loops_and_recursion_are_stopped() {
    for script in [
        "while true; do echo x; done",
        "while :; do :; done",
        "f() { f; }; f",
        "f() { g; }; g() { f; }; f",
        "until false; do X=1; done",
        "for i in 1; do while true; do continue; done; done",
    ] {
        let (text, code) = run(&[script]);
        assert_eq!(code, super::exec::STOPPED, "{script}");
        let last = text.lines().last().unwrap_or("");
        assert!(last.starts_with("berth: stopped"), "{script}: {last}");
    }
    let (text, code) = run(&["yes | wc -l"]);
    assert_eq!(code, 0);
    assert_eq!(
        text,
        "berth: the output of `yes` was cut at 10000 lines: a command's output is bounded in this playground\n10000"
    );
    // The input bound: a 1 MB here-document is refused whole.
    let body = "line of text\n".repeat(80_000);
    let big = format!("cat > big.txt <<EOF\n{body}EOF");
    assert!(matches!(parse(&big), Err(ParseError::TooLarge(_))));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Random scripts from the shell's own pieces never panic or hang.
    #[test]
    fn random_scripts_end(pieces in proptest::collection::vec(proptest::sample::select(vec![
        "while true; do", "done", "if true; then", "fi", "for i in 1 2; do", "f() {", "}", "f;",
        "echo $((1/0))", "echo ${X:-y};", "break;", "continue;", "return;", "yes |", "head -1;",
        "case a in a)", ";;", "esac", "[ 1 -lt 2 ];", "X=$((X+1));", "(", ")", "echo *;", "read v;",
        "local l;", "shift;", "seq 3 |", "uniq -c;",
    ]), 0..12)) {
        let script = pieces.join(" ");
        if let Ok(parsed) = parse(&script) {
            let mut world = crate::engine::World::new(1);
            let mut state = super::exec::ShellState::default();
            let place = super::exec::Place::Host { user: None, first_host: None };
            let _ = super::exec::Runner::new(&mut world, "host1", place, &mut state).run(&parsed);
        }
    }
}
