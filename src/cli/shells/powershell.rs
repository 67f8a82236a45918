//! Windows PowerShell 5.1 in a Server Core container: its banner and its answer to a command
//! it cannot find. The tools it runs are the Windows ones `cmd.rs` dispatches.

use crate::cli::Output;

/// What Windows PowerShell 5.1 prints as it starts.
pub fn banner() -> String {
    "Windows PowerShell\nCopyright (C) Microsoft Corporation. All rights reserved.\n\nInstall the latest PowerShell for new features and improvements! https://aka.ms/PSWindows\n".to_string()
}

/// Windows PowerShell's answer to a command it cannot find.
pub fn not_recognized(line: &str, command: &str) -> Output {
    let marks = "~".repeat(command.chars().count().max(1));
    Output::failed(
        format!(
            "{command} : The term '{command}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.\nAt line:1 char:1\n+ {line}\n+ {marks}\n    + CategoryInfo          : ObjectNotFound: ({command}:String) [], CommandNotFoundException\n    + FullyQualifiedErrorId : CommandNotFoundException\n "
        ),
        1,
    )
}
