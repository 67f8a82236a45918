//! `echo [-neE] [STRING...]`: bash's builtin (`help echo`): `-n` drops the newline, `-e`
//! interprets `\n`, `\t`, `\\`, `\c`, `-E` does not (the default).
//!
//! Inside a container `echo` is the image shell's own builtin (`cli/shells/container.rs`).

use crate::cli::Output;

pub fn echo(args: &[String]) -> Output {
    let mut escapes = false;
    let mut newline = true;
    let mut words = args;
    // Options come first and only while each is made of n, e and E (bash's rule).
    while let Some((first, rest)) = words.split_first() {
        let flags = first
            .strip_prefix('-')
            .filter(|f| !f.is_empty() && f.chars().all(|c| matches!(c, 'n' | 'e' | 'E')));
        let Some(flags) = flags else { break };
        for c in flags.chars() {
            match c {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        words = rest;
    }
    let mut text = words.join(" ");
    if escapes {
        let mut done = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                done.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => done.push('\n'),
                Some('t') => done.push('\t'),
                Some('\\') => done.push('\\'),
                Some('c') => {
                    newline = false;
                    break;
                }
                Some(other) => {
                    done.push('\\');
                    done.push(other);
                }
                None => done.push('\\'),
            }
        }
        text = done;
    }
    let mut o = Output::default();
    // Without its newline the text still shows on its own line: the terminal's prompt
    // follows on the next one (Berth's terminal starts each prompt on a fresh line).
    let _ = newline;
    o.out(text);
    o
}
