//! Tests of the TOML reader: syntax errors, spans and values.
use super::*;

/// The syntax error in `text`, as `(line, column, message)`.
fn syntax(text: &str) -> (usize, usize, String) {
    let error = parse(text).unwrap_err();
    let file = SourceFile::new("x.toml", text);
    let location = file.location(error.span);
    (location.line, location.column, error.message)
}

#[test]
fn an_open_string_is_said_to_be_open_at_the_end_of_its_line() {
    let open = "the string is not closed on its line".to_string();
    assert_eq!(
        syntax("a = 1\nname = \"Jane\nb = 2\n"),
        (2, 13, open.clone())
    );
    assert_eq!(syntax("name = 'Jane\r\n"), (1, 13, open.clone()));
    assert_eq!(syntax("name = \"Jane"), (1, 13, open));
}

#[test]
fn a_multi_line_string_never_closed_is_pointed_at_where_it_opens() {
    let (line, column, message) = syntax("a = \"\"\"\nx\n\"\"\"\nb = '''\nnever\nclosed\n");
    assert_eq!((line, column), (4, 5));
    assert_eq!(message, "the multi-line string opened here is never closed");
}

#[test]
fn a_key_given_twice_is_named() {
    let (line, column, message) = syntax("[smtp]\nhost = \"a\"\nhost = \"b\"\n");
    assert_eq!((line, column), (3, 1));
    assert_eq!(message, "duplicate key `host`");
}

#[test]
fn a_syntax_error_names_no_character_of_the_file() {
    for text in [
        "password = \"hunter2\\q\"\n",
        "password = hunter2\n",
        "password = \"hunter2\" hunter2\n",
        "password = [\"hunter2\"\n",
        "password = { hunter2 }\n",
    ] {
        let (_, _, message) = syntax(text);
        assert!(!message.contains("hunter2"), "{message}");
        assert!(!message.contains("`q`"), "{message}");
    }
}

#[test]
fn strings_and_quoted_keys_are_pointed_at_inside_their_quotes() {
    let text = "a = \"abc\"\nb = '''\nmulti\nline'''\nc = \"\"\n\"d e\" = 1\n";
    let root = parse(text).unwrap();
    let span = |key: &str| {
        let value = root.get_ref().get(key).unwrap();
        &text[content_span(text, value.span())]
    };
    assert_eq!(span("a"), "abc");
    assert_eq!(span("b"), "multi\nline");
    // An empty string: its opening quote.
    assert_eq!(span("c"), "\"");
    let (key, _) = root.get_ref().get_key_value("d e").unwrap();
    assert_eq!(&text[content_span(text, key.span())], "d e");
}

/// Reads `text` with `read`, returning the problems found, in line order.
fn problems(text: &str, read: impl FnOnce(&mut Ctx<'_>, Table<'_>)) -> Vec<String> {
    let file = SourceFile::new("x.toml", text);
    let mut diagnostics = Vec::new();
    let mut references = Vec::new();
    let mut ctx = Ctx {
        file: &file,
        diagnostics: &mut diagnostics,
        references: &mut references,
    };
    let root = parse_root(&mut ctx, &file.text, "the file").unwrap();
    read(&mut ctx, root);
    diagnostics.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    diagnostics.iter().map(ToString::to_string).collect()
}

#[test]
fn values_of_the_wrong_kind_are_reported_where_they_are() {
    let found = problems(
        "n = 99999999999999999999\nm = 0x10\nday = 2021-05-25\nname = 3\n",
        |ctx, mut t| {
            assert_eq!(t.opt_integer(ctx, "n"), None);
            assert_eq!(t.opt_integer(ctx, "m"), Some((16, 29..33)));
            assert_eq!(t.opt_date(ctx, "day"), None);
            assert_eq!(t.opt_string(ctx, "name"), None);
            t.finish(ctx);
        },
    );
    assert_eq!(found.len(), 3, "{found:#?}");
    let starts = [
        "x.toml:1:5: error: `n` in the file is out of range: `99999999999999999999`",
        "x.toml:3:7: error: `day` in the file must be a string, found datetime",
        "x.toml:4:8: error: `name` in the file must be a string, found integer",
    ];
    for (problem, start) in found.iter().zip(starts) {
        assert!(problem.starts_with(start), "{problem}");
    }
    assert!(
        found[1].ends_with("= help: put it in quotes: `day = \"…\"`"),
        "{}",
        found[1]
    );
}

#[test]
fn fields_left_unread_are_unknown_in_file_order() {
    let found = problems("zeta = 1\n\"alpha\" = 2\nname = \"x\"\n", |ctx, t| {
        let mut t = t.with_fields(&["name"]);
        t.opt_string(ctx, "name");
        t.finish(ctx);
    });
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("x.toml:1:1: error: unknown field `zeta`"),
        "{}",
        found[0]
    );
    assert!(
        found[1].starts_with("x.toml:2:2: error: unknown field `alpha`"),
        "{}",
        found[1]
    );
}
