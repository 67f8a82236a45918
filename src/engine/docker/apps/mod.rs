//! Sample applications a learner fetches and runs: the files of Docker's getting-started
//! workshop app (github.com/docker/getting-started-app, commit f2d13b8 of 2024-06-05), which
//! `git clone` writes into a host's files, and how to recognise that app in a container.
//!
//! Rules: the small files are kept byte for byte (the folder next to this file, copied from
//! the repository); the large vendored ones (yarn.lock, bootstrap, babel, react, fonts) are
//! entries with their real size and no content ([`AppFile::Unkept`]), so the wasm carries
//! about 6 KB gzip of app instead of 3 MB. The app is recognised by the content of its
//! `src/index.js`, never by an image's name, so a learner's own build of it counts.
//!
//! Not simulated: the repository's history (a clone holds only its files), the old tutorial's
//! `app.zip`.

pub mod samples;
pub mod table;
pub mod todo;

/// One file of an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppFile {
    /// Kept byte for byte.
    Text(&'static str),
    /// Not kept: only its size in bytes.
    Unkept(u64),
}

/// The URL `git clone` knows, without `.git` and without a trailing slash.
pub const GETTING_STARTED_URL: &str = "https://github.com/docker/getting-started-app";

/// The repository's default branch, for `.git/HEAD`.
pub const GETTING_STARTED_BRANCH: &str = "main";

/// The files of the getting-started app, paths relative to the clone, in git's order.
pub const GETTING_STARTED_APP: &[(&str, AppFile)] = &[
    (
        ".dockerignore",
        AppFile::Text(include_str!("getting_started_app/.dockerignore")),
    ),
    (
        "README.md",
        AppFile::Text(include_str!("getting_started_app/README.md")),
    ),
    (
        "package.json",
        AppFile::Text(include_str!("getting_started_app/package.json")),
    ),
    (
        "spec/persistence/sqlite.spec.js",
        AppFile::Text(include_str!(
            "getting_started_app/spec/persistence/sqlite.spec.js"
        )),
    ),
    (
        "spec/routes/addItem.spec.js",
        AppFile::Text(include_str!(
            "getting_started_app/spec/routes/addItem.spec.js"
        )),
    ),
    (
        "spec/routes/deleteItem.spec.js",
        AppFile::Text(include_str!(
            "getting_started_app/spec/routes/deleteItem.spec.js"
        )),
    ),
    (
        "spec/routes/getItems.spec.js",
        AppFile::Text(include_str!(
            "getting_started_app/spec/routes/getItems.spec.js"
        )),
    ),
    (
        "spec/routes/updateItem.spec.js",
        AppFile::Text(include_str!(
            "getting_started_app/spec/routes/updateItem.spec.js"
        )),
    ),
    (
        "src/index.js",
        AppFile::Text(include_str!("getting_started_app/src/index.js")),
    ),
    (
        "src/persistence/index.js",
        AppFile::Text(include_str!("getting_started_app/src/persistence/index.js")),
    ),
    (
        "src/persistence/mysql.js",
        AppFile::Text(include_str!("getting_started_app/src/persistence/mysql.js")),
    ),
    (
        "src/persistence/sqlite.js",
        AppFile::Text(include_str!(
            "getting_started_app/src/persistence/sqlite.js"
        )),
    ),
    (
        "src/routes/addItem.js",
        AppFile::Text(include_str!("getting_started_app/src/routes/addItem.js")),
    ),
    (
        "src/routes/deleteItem.js",
        AppFile::Text(include_str!("getting_started_app/src/routes/deleteItem.js")),
    ),
    (
        "src/routes/getItems.js",
        AppFile::Text(include_str!("getting_started_app/src/routes/getItems.js")),
    ),
    (
        "src/routes/updateItem.js",
        AppFile::Text(include_str!("getting_started_app/src/routes/updateItem.js")),
    ),
    ("src/static/css/bootstrap.min.css", AppFile::Unkept(155758)),
    (
        "src/static/css/font-awesome/all.min.css",
        AppFile::Unkept(56302),
    ),
    (
        "src/static/css/font-awesome/fa-brands-400.eot",
        AppFile::Unkept(129590),
    ),
    (
        "src/static/css/font-awesome/fa-brands-400.svg#fontawesome",
        AppFile::Unkept(691037),
    ),
    (
        "src/static/css/font-awesome/fa-brands-400.ttf",
        AppFile::Unkept(129284),
    ),
    (
        "src/static/css/font-awesome/fa-brands-400.woff",
        AppFile::Unkept(87520),
    ),
    (
        "src/static/css/font-awesome/fa-brands-400.woff2",
        AppFile::Unkept(74524),
    ),
    (
        "src/static/css/font-awesome/fa-regular-400.eot",
        AppFile::Unkept(34394),
    ),
    (
        "src/static/css/font-awesome/fa-regular-400.svg#fontawesome",
        AppFile::Unkept(144452),
    ),
    (
        "src/static/css/font-awesome/fa-regular-400.ttf",
        AppFile::Unkept(34096),
    ),
    (
        "src/static/css/font-awesome/fa-regular-400.woff",
        AppFile::Unkept(16804),
    ),
    (
        "src/static/css/font-awesome/fa-regular-400.woff2",
        AppFile::Unkept(13584),
    ),
    (
        "src/static/css/font-awesome/fa-solid-900.eot",
        AppFile::Unkept(192122),
    ),
    (
        "src/static/css/font-awesome/fa-solid-900.svg#fontawesome",
        AppFile::Unkept(839389),
    ),
    (
        "src/static/css/font-awesome/fa-solid-900.ttf",
        AppFile::Unkept(191836),
    ),
    (
        "src/static/css/font-awesome/fa-solid-900.woff",
        AppFile::Unkept(98016),
    ),
    (
        "src/static/css/font-awesome/fa-solid-900.woff2",
        AppFile::Unkept(75408),
    ),
    (
        "src/static/css/styles.css",
        AppFile::Text(include_str!(
            "getting_started_app/src/static/css/styles.css"
        )),
    ),
    (
        "src/static/index.html",
        AppFile::Text(include_str!("getting_started_app/src/static/index.html")),
    ),
    (
        "src/static/js/app.js",
        AppFile::Text(include_str!("getting_started_app/src/static/js/app.js")),
    ),
    ("src/static/js/babel.min.js", AppFile::Unkept(791236)),
    ("src/static/js/react-bootstrap.js", AppFile::Unkept(545877)),
    (
        "src/static/js/react-dom.production.min.js",
        AppFile::Unkept(108002),
    ),
    (
        "src/static/js/react.production.min.js",
        AppFile::Unkept(12682),
    ),
    ("yarn.lock", AppFile::Unkept(147266)),
];

/// The app's `src/index.js`: a container whose command runs this file is the todo app.
pub fn getting_started_index() -> &'static str {
    include_str!("getting_started_app/src/index.js")
}

/// Whether `text` is the getting-started app's `src/index.js` (a trailing newline aside, so
/// an editor's rewrite still counts).
pub fn is_getting_started_index(text: &str) -> bool {
    text.trim_end() == getting_started_index().trim_end()
}

/// The app's page (`src/static/index.html`), what it answers on port 3000.
pub fn getting_started_page() -> &'static str {
    include_str!("getting_started_app/src/static/index.html")
}

/// The app's `package.json`: its dependencies, for `yarn install` and `npm install`.
pub fn getting_started_manifest() -> &'static str {
    include_str!("getting_started_app/package.json")
}

/// Packages in the app's yarn.lock (its `version` entries): what a full install adds.
pub const GETTING_STARTED_LOCKED_PACKAGES: u32 = 434;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_is_recognised_by_its_index() {
        assert!(is_getting_started_index(getting_started_index()));
        assert!(!is_getting_started_index("console.log('hi');\n"));
        assert!(GETTING_STARTED_APP
            .iter()
            .any(|(p, f)| *p == "yarn.lock" && *f == AppFile::Unkept(147266)));
    }
}
