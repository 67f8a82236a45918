//! Go's documented behaviour as data: `(template, expected output or error)` run on one
//! value shaped like docker/cli's contexts. Sources: the `text/template` package docs
//! (actions, arguments, pipelines, variables, functions), `fmt` for `printf`, and
//! docker/cli `templates/templates.go` for its functions.

use super::*;

fn data() -> Value {
    Value::structure(
        "*formatter.ContainerContext",
        vec![
            ("Name", Value::str("web")),
            ("State", Value::str("running")),
            ("Names", Value::strings(["web", "www"])),
            ("Count", Value::Int(3)),
            (
                "Labels",
                Value::map(vec![
                    ("a".into(), Value::str("1")),
                    ("b".into(), Value::str("<2>")),
                ]),
            ),
            ("Empty", Value::List(vec![])),
            (
                "Nested",
                Value::structure("N", vec![("Inner", Value::str("deep"))]),
            ),
            (
                "IPAM",
                Value::structure(
                    "network.IPAM",
                    vec![(
                        "Config",
                        Value::List(vec![Value::structure(
                            "network.IPAMConfig",
                            vec![
                                ("Subnet", Value::str("172.17.0.0/16")),
                                ("Gateway", Value::str("172.17.0.1")),
                            ],
                        )]),
                    )],
                ),
            ),
            ("Nil", Value::Null),
        ],
    )
}

fn run(template: &str) -> Result<String, String> {
    Template::parse(template)
        .and_then(|t| t.execute(&data()))
        .map_err(|e| e.to_string())
}

#[test]
fn table_of_cases() {
    let cases: &[(&str, &str)] = &[
        ("{{.Name}}", "web"),
        ("plain", "plain"),
        ("{{.Nested.Inner}}", "deep"),
        ("{{range .Names}}{{.}},{{end}}", "web,www,"),
        (
            "{{range $i, $n := .Names}}{{$i}}={{$n}} {{end}}",
            "0=web 1=www ",
        ),
        (
            "{{range $k, $v := .Labels}}{{$k}}:{{$v}};{{end}}",
            "a:1;b:<2>;",
        ),
        ("{{range .Empty}}x{{else}}none{{end}}", "none"),
        ("{{if eq .State \"running\"}}up{{else}}down{{end}}", "up"),
        (
            "{{if eq .State \"x\"}}a{{else if eq .Count 3}}b{{else}}c{{end}}",
            "b",
        ),
        ("{{with .Nested}}{{.Inner}}{{end}}", "deep"),
        ("{{with .Empty}}x{{else}}empty{{end}}", "empty"),
        ("{{join .Names \", \"}}", "web, www"),
        ("{{index .Labels \"a\"}}", "1"),
        ("{{index .Names 1}}", "www"),
        ("{{upper .Name}}", "WEB"),
        ("{{.Name | upper}}", "WEB"),
        ("{{printf \"%-5s|\" .Name}}", "web  |"),
        ("{{printf \"%5s|%d\" .Name .Count}}", "  web|3"),
        ("{{len .Names}}", "2"),
        ("a {{- \" b \" -}} c", "a b c"),
        ("{{/* a comment */}}x", "x"),
        ("{{$x := .Name}}{{$x}}!", "web!"),
        // docker/cli's `json` encodes with SetEscapeHTML(false).
        ("{{json .Labels}}", "{\"a\":\"1\",\"b\":\"<2>\"}"),
        ("{{json .Names}}", "[\"web\",\"www\"]"),
        ("{{.Names}}", "[web www]"),
        ("{{.Labels}}", "map[a:1 b:<2>]"),
        ("{{.Nested}}", "{deep}"),
        ("{{lower \"ABC\"}}", "abc"),
        ("{{title \"hello world\"}}", "Hello World"),
        ("{{split \"a,b\" \",\"}}", "[a b]"),
        ("{{pad .Name 1 2}}|", " web  |"),
        ("{{truncate .Name 2}}", "we"),
        ("{{and true .Name}}", "web"),
        ("{{or \"\" .Name}}", "web"),
        ("{{not true}}", "false"),
        ("{{if and (eq .Count 3) (ne .Name \"x\")}}yes{{end}}", "yes"),
        ("{{if gt .Count 2}}big{{end}}", "big"),
        (
            "{{range .Names}}{{if eq . \"www\"}}{{break}}{{end}}{{.}}{{end}}",
            "web",
        ),
        (
            "{{range .Names}}{{if eq . \"web\"}}{{continue}}{{end}}{{.}}{{end}}",
            "www",
        ),
        (
            "{{$}}",
            "{web running [web www] 3 map[a:1 b:<2>] [] {deep} {[{172.17.0.0/16 172.17.0.1}]} <nil>}",
        ),
        ("{{print .Count .Count}}", "3 3"),
        ("{{println .Name}}", "web\n"),
        ("{{`raw \\n`}}", "raw \\n"),
        ("{{3}} {{1.5}} {{true}}", "3 1.5 true"),
        // text/template docs, "Examples": each prints "output" in quotes.
        ("{{\"\\\"output\\\"\"}}", "\"output\""),
        ("{{`\"output\"`}}", "\"output\""),
        ("{{printf \"%q\" \"output\"}}", "\"output\""),
        ("{{\"output\" | printf \"%q\"}}", "\"output\""),
        ("{{printf \"%q\" (print \"out\" \"put\")}}", "\"output\""),
        ("{{\"put\" | printf \"%s%s\" \"out\" | printf \"%q\"}}", "\"output\""),
        ("{{\"output\" | printf \"%s\" | printf \"%q\"}}", "\"output\""),
        ("{{with \"output\"}}{{printf \"%q\" .}}{{end}}", "\"output\""),
        ("{{with $x := \"output\" | printf \"%q\"}}{{$x}}{{end}}", "\"output\""),
        ("{{with $x := \"output\"}}{{printf \"%q\" $x}}{{end}}", "\"output\""),
        ("{{with $x := \"output\"}}{{$x | printf \"%q\"}}{{end}}", "\"output\""),
        // A field of a parenthesised pipeline (a chain), as `docker network inspect` uses.
        ("{{(index .IPAM.Config 0).Subnet}}", "172.17.0.0/16"),
        ("{{(index .IPAM.Config 0).Gateway | printf \"%s!\"}}", "172.17.0.1!"),
        ("{{printf \"%s\" (index .IPAM.Config 0).Subnet}}", "172.17.0.0/16"),
        ("{{(.Nested).Inner}}", "deep"),
        ("{{range .IPAM.Config}}{{.Subnet}} via {{.Gateway}}{{end}}", "172.17.0.0/16 via 172.17.0.1"),
        ("{{index .IPAM.Config 0 | printf \"%+v\"}}", "{Subnet:172.17.0.0/16 Gateway:172.17.0.1}"),
        // Variables: assignment reaches the enclosing scope (Go 1.11).
        ("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "2"),
        ("{{range $i, $e := .Names}}{{if $i}}, {{end}}{{$e}}{{end}}", "web, www"),
        // range over an integer (Go 1.22).
        ("{{range 3}}{{.}}{{end}}", "012"),
        ("{{with .Nil}}x{{else with .Name}}{{.}}{{end}}", "web"),
        ("{{with .Nil}}x{{else}}none{{end}}", "none"),
        // Functions: the logic and comparisons.
        ("{{if and .Name .Nil}}y{{else}}n{{end}}", "n"),
        ("{{or .Nil \"default\"}}", "default"),
        // and/or stop at the first argument that decides (Go 1.18).
        ("{{and .Nil .Nil.X}}", "<nil>"),
        ("{{or .Name .Nil.X}}", "web"),
        ("{{and 1 2 3}} {{or 0 \"\" .Empty}}", "3 []"),
        ("{{.Name | and true}}", "web"),
        ("{{eq .Count 1 2 3}}", "true"),
        ("{{lt \"a\" \"b\"}} {{ge 2 2}} {{le 3 2}}", "true true false"),
        ("{{not .Empty}}", "true"),
        // len counts bytes; slice and index as Go's builtins.
        ("{{len \"héllo\"}} {{len .Labels}}", "6 2"),
        ("{{slice .Name 1 2}} {{slice .Names 1}}", "e [www]"),
        ("{{index .Labels \"zz\"}}", "<nil>"),
        // print spaces operands when neither is a string; println always.
        ("{{print \"a\" 1 2 \"b\"}}", "a1 2b"),
        ("{{println 1 2}}", "1 2\n"),
        ("{{printf \"%5.1f|%-6s|%03d\" 3.14159 \"ab\" 7}}", "  3.1|ab    |007"),
        ("{{printf \"%v %v\" .Names .Labels}}", "[web www] map[a:1 b:<2>]"),
        ("{{printf \"%d\" .Name}}", "%!d(string=web)"),
        ("{{printf \"%s %s\" .Name}}", "web %!s(MISSING)"),
        // html, js and urlquery escape as Go's HTMLEscapeString, JSEscapeString, QueryEscape.
        ("{{html \"<a href=\\\"x\\\">&'\"}}", "&lt;a href=&#34;x&#34;&gt;&amp;&#39;"),
        ("{{js \"it's <b>=\"}}", "it\\'s \\u003Cb\\u003E\\u003D"),
        ("{{urlquery \"a b&c=d/é\"}}", "a+b%26c%3Dd%2F%C3%A9"),
        // docker/cli's functions (templates/templates.go).
        ("{{title \"hello-world foo_bar\"}}", "Hello-World Foo_bar"),
        ("{{pad \"\" 2 2}}|", "|"),
        ("{{truncate .Name 10}}", "web"),
        ("{{join (split \"a:b:c\" \":\") \"-\"}}", "a-b-c"),
        ("{{upper \"héllo\"}}", "HÉLLO"),
        ("{{json .Nested}} {{json .Nil}} {{json 1.5}}", "{\"Inner\":\"deep\"} null 1.5"),
        // Numbers: Go's integer syntax, and floats printed as %v prints them.
        ("{{0x1F}} {{0o17}} {{017}} {{0b101}} {{1_000}} {{-3}}", "31 15 15 5 1000 -3"),
        ("{{1e6}} {{1.5e3}}", "1e+06 1500"),
        // Trim markers take the spaces around a comment too.
        ("a {{- /* c */ -}} b", "ab"),
    ];
    for (template, want) in cases {
        assert_eq!(run(template).as_deref(), Ok(*want), "{template}");
    }
}

#[test]
fn errors_read_like_go() {
    let cases: &[(&str, &str)] = &[
        ("{{.Names}", "template: :1: unexpected \"}\" in operand"),
        ("{{.Names", "template: :1: unclosed action"),
        ("{{foo .Name}}", "template: :1: function \"foo\" not defined"),
        ("{{if .Name}}x", "template: :1: unexpected EOF"),
        ("{{end}}", "template: :1: unexpected {{end}}"),
        ("{{.Foo}}", "template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext"),
        ("{{index .Names 5}}", "template: :1:2: executing \"\" at <index .Names 5>: error calling index: index out of range: 5"),
        ("{{len}}", "template: :1:2: executing \"\" at <len>: wrong number of args for len: want 1 got 0"),
        ("{{(index .IPAM.Config 0).Nope}}", "template: :1:24: executing \"\" at <(index .IPAM.Config 0).Nope>: can't evaluate field Nope in type network.IPAMConfig"),
        ("{{.Name.Foo}}", "template: :1:2: executing \"\" at <.Name.Foo>: can't evaluate field Foo in type string"),
        ("{{if}}x{{end}}", "template: :1: missing value for if"),
        // A panic in a function is recovered into its error (docker/cli's pad and truncate).
        ("{{pad .Name -1 0}}", "template: :1:2: executing \"\" at <pad .Name -1 0>: error calling pad: strings: negative Repeat count"),
        ("{{truncate .Name -1}}", "template: :1:2: executing \"\" at <truncate .Name -1>: error calling truncate: runtime error: slice bounds out of range [:-1]"),
        // Go reports a field's error at the field, an argument count at the function's name.
        ("{{printf \"%s\" .Foo}}", "template: :1:14: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext"),
        ("{{len 1 2}}", "template: :1:2: executing \"\" at <len>: wrong number of args for len: want 1 got 2"),
        ("{{$x := .Nested}}{{$x.Nope}}", "template: :1:19: executing \"\" at <$x.Nope>: can't evaluate field Nope in type N"),
        ("a\n {{.Foo}}", "template: :2:3: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext"),
        ("{{.Nil.X}}", "template: :1:2: executing \"\" at <.Nil.X>: nil pointer evaluating interface {}.X"),
    ];
    for (template, want) in cases {
        assert_eq!(run(template), Err(want.to_string()), "{template}");
    }
}

#[test]
fn hostile_templates_never_panic() {
    let mut seed: u32 = 7;
    let alphabet: Vec<char> = "{}.$|()\"`-=:, abcINX01\n/*".chars().collect();
    for _ in 0..2000 {
        let len = (seed % 24) as usize;
        let text: String = (0..len)
            .map(|_| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                alphabet[(seed >> 16) as usize % alphabet.len()]
            })
            .collect();
        if let Ok(t) = Template::parse(&text) {
            let _ = t.execute(&data());
        }
    }
    let deep = "{{if true}}".repeat(500);
    assert!(Template::parse(&deep).is_err());
}

/// `(template, data, Go's output or error)`: the same actions on other kinds of data.
#[test]
fn templates_on_other_data() {
    let map = Value::map(vec![("a".into(), Value::Int(1))]);
    let ints = Value::List(vec![Value::Int(1), Value::Int(2)]);
    let cases: &[(&str, Value, Result<&str, &str>)] = &[
        ("{{.}}", Value::str("x"), Ok("x")),
        ("{{range .}}{{.}} {{end}}", ints.clone(), Ok("1 2 ")),
        ("{{index . 1}}", ints.clone(), Ok("2")),
        ("{{len .}}", Value::str("héllo"), Ok("6")),
        ("{{.a}}", map.clone(), Ok("1")),
        ("{{range $k, $v := .}}{{$k}}={{$v}};{{end}}", map.clone(), Ok("a=1;")),
        ("{{with .}}{{.}}{{else}}empty{{end}}", Value::Int(0), Ok("empty")),
        ("{{if .}}yes{{end}}", Value::Float(0.5), Ok("yes")),
        ("{{.b}}", map.clone(), Ok("<no value>")),
        ("{{.b.c}}", map.clone(), Ok("<no value>")),
        ("{{if .b}}yes{{else}}no{{end}}", map, Ok("no")),
        ("{{range .}}x{{end}}", Value::str("x"), Err("template: :1:8: executing \"\" at <.>: range can't iterate over x")),
        ("{{.Foo}}", Value::Int(5), Err("template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type int")),
        // Go's bound check lets the length through, and reflect refuses it.
        ("{{index . 2}}", ints.clone(), Err("template: :1:2: executing \"\" at <index . 2>: error calling index: reflect: slice index out of range")),
        ("{{index . 3}}", ints.clone(), Err("template: :1:2: executing \"\" at <index . 3>: error calling index: index out of range: 3")),
        ("{{index . \"a\"}}", ints, Err("template: :1:2: executing \"\" at <index . \"a\">: error calling index: cannot index slice/array with type string")),
        ("{{index . 1}}", Value::str("abc"), Ok("98")),
        ("{{index . 1}}", Value::Int(7), Err("template: :1:2: executing \"\" at <index . 1>: error calling index: can't index item of type int")),
    ];
    for (template, data, want) in cases {
        let got = Template::parse(template)
            .and_then(|t| t.execute(data))
            .map_err(|e| e.to_string());
        assert_eq!(
            got.as_deref().map_err(String::as_str),
            *want,
            "{template} on {data:?}"
        );
    }
}
