//! Forgiving name matching, shared by regions and candidates.
//!
//! People type region and candidate names in every possible way: any case, `&` or `and`,
//! with or without "the", URL slugs (`north-and-east-london`), initials (`NI`), extra spaces,
//! and small typos (`Yasmin Dar`). A name is reduced to *tokens* (lower-case runs of letters
//! and digits, with `&`/`+` read as `and` and the filler words below dropped) and to a *key*
//! (the tokens run together). A query is then matched against every name and alias, in this
//! order, stopping at the first step that decides:
//!
//! 1. the keys are equal (`"N. Ireland"` = `"n ireland"` = `"NIreland"`);
//! 2. every token of the query is a token of a name (`"Pidcock"`, `"Ireland"`); several
//!    entries matching this way is an ambiguity (`"London"`), reported with the candidates;
//! 3. a typo: one entry alone is within edit distance 1 (2 for long keys) of the query's key,
//!    or every query token is within distance 1 of a token of one entry's name (`"Yasmin"`);
//! 4. otherwise the query is unknown, and the entries within a few edits of it, or sharing a
//!    token with it, are suggested.
//!
//! Short queries are never corrected, only suggested: `"nj"` is one edit from both `"ni"` and
//! `"nw"`, so guessing would be reckless.

/// Words that carry no meaning in a region or candidate name.
const FILLER: &[&str] = &["the", "and", "of", "region", "members", "member"];

/// Shortest key that may be corrected by one edit.
const MIN_LEN_ONE_EDIT: usize = 5;
/// Shortest key that may be corrected by two edits.
const MIN_LEN_TWO_EDITS: usize = 10;
/// At most this many suggestions are offered.
const MAX_SUGGESTIONS: usize = 4;

/// The tokens of a name: lower-case alphanumeric runs, `&` read as `and`, filler words dropped
/// (unless the name is nothing but filler).
pub(crate) fn tokens(name: &str) -> Vec<String> {
    let mut spaced = String::with_capacity(name.len() + 8);
    for ch in name.chars() {
        match ch {
            '&' | '+' => spaced.push_str(" and "),
            c if c.is_alphanumeric() => spaced.extend(c.to_lowercase()),
            _ => spaced.push(' '),
        }
    }
    let all: Vec<String> = spaced.split_whitespace().map(str::to_owned).collect();
    let meaningful: Vec<String> = all
        .iter()
        .filter(|t| !FILLER.contains(&t.as_str()))
        .cloned()
        .collect();
    if meaningful.is_empty() {
        all
    } else {
        meaningful
    }
}

/// The key of a name: its tokens run together (`"North & East London"` → `"northeastlondon"`).
pub(crate) fn key(name: &str) -> String {
    tokens(name).concat()
}

/// A URL slug for a name: lower case, `&` spelled `and`, words joined by `-`
/// (`"North & East London"` → `"north-and-east-london"`).
pub(crate) fn slug(name: &str) -> String {
    let mut words = String::with_capacity(name.len() + 8);
    for ch in name.chars() {
        match ch {
            '&' | '+' => words.push_str(" and "),
            c if c.is_alphanumeric() => words.extend(c.to_lowercase()),
            _ => words.push(' '),
        }
    }
    words.split_whitespace().collect::<Vec<_>>().join("-")
}

/// Why a query matched no single entry.
#[derive(Debug, PartialEq)]
pub(crate) enum Miss {
    /// Nothing matched; the display names of the closest entries, best first.
    Unknown(Vec<String>),
    /// Several entries matched equally well; their display names.
    Ambiguous(Vec<String>),
}

/// One thing that can be named: its display name first, then any other accepted names.
pub(crate) struct Entry<'a> {
    names: Vec<&'a str>,
    keys: Vec<String>,
    tokens: Vec<Vec<String>>,
}

impl<'a> Entry<'a> {
    /// An entry called `display`, also known as each of `others`.
    pub(crate) fn new(display: &'a str, others: impl IntoIterator<Item = &'a str>) -> Entry<'a> {
        let names: Vec<&str> = std::iter::once(display).chain(others).collect();
        let keys = names.iter().map(|n| key(n)).collect();
        let tokens = names.iter().map(|n| tokens(n)).collect();
        Entry {
            names,
            keys,
            tokens,
        }
    }

    fn display(&self) -> String {
        self.names[0].to_owned()
    }

    /// Every (name as written, key) pair of the entry.
    pub(crate) fn named_keys(&self) -> impl Iterator<Item = (&'a str, &str)> {
        self.names
            .iter()
            .copied()
            .zip(self.keys.iter().map(String::as_str))
    }

    fn distance(&self, query_key: &str) -> usize {
        self.keys
            .iter()
            .map(|k| edit_distance(query_key, k))
            .min()
            .unwrap_or(usize::MAX)
    }

    /// Does every query token appear among the tokens of one name (exactly, or within one
    /// edit when `fuzzy`)?
    fn covers(&self, query_tokens: &[String], fuzzy: bool) -> bool {
        self.tokens.iter().any(|name_tokens| {
            query_tokens.iter().all(|q| {
                name_tokens.iter().any(|t| {
                    t == q
                        || (fuzzy
                            && q.chars().count() >= MIN_LEN_ONE_EDIT
                            && edit_distance(q, t) <= 1)
                })
            })
        })
    }

    fn shares_token(&self, query_tokens: &[String]) -> bool {
        self.tokens
            .iter()
            .flatten()
            .any(|t| query_tokens.iter().any(|q| q == t))
    }
}

/// Find the one entry `query` means, forgivingly (see the module docs).
pub(crate) fn resolve(query: &str, entries: &[Entry<'_>]) -> Result<usize, Miss> {
    let query_key = key(query);
    if query_key.is_empty() {
        return Err(Miss::Unknown(Vec::new()));
    }
    let query_tokens = tokens(query);

    let exact: Vec<usize> = matching(entries, |e| e.keys.contains(&query_key));
    if let Some(found) = decide(&exact, entries)? {
        return Ok(found);
    }
    let covered = matching(entries, |e| e.covers(&query_tokens, false));
    if let Some(found) = decide(&covered, entries)? {
        return Ok(found);
    }

    let len = query_key.chars().count();
    let tolerance = match len {
        n if n >= MIN_LEN_TWO_EDITS => 2,
        n if n >= MIN_LEN_ONE_EDIT => 1,
        _ => 0,
    };
    let distances: Vec<usize> = entries.iter().map(|e| e.distance(&query_key)).collect();
    if tolerance > 0 {
        let best = distances.iter().copied().min().unwrap_or(usize::MAX);
        let mut at_best = (0..entries.len()).filter(|&i| distances[i] == best);
        if let (Some(only), None, true) = (at_best.next(), at_best.next(), best <= tolerance) {
            return Ok(only);
        }
    }
    let fuzzy = matching(entries, |e| e.covers(&query_tokens, true));
    if fuzzy.len() == 1 {
        return Ok(fuzzy[0]);
    }

    let near = if len < 4 { 1 } else { (len / 2).max(2) };
    let mut close: Vec<(usize, usize)> = (0..entries.len())
        .filter(|&i| distances[i] <= near || entries[i].shares_token(&query_tokens))
        .map(|i| (distances[i], i))
        .collect();
    close.sort();
    Err(Miss::Unknown(
        close
            .into_iter()
            .take(MAX_SUGGESTIONS)
            .map(|(_, i)| entries[i].display())
            .collect(),
    ))
}

fn matching(entries: &[Entry<'_>], keep: impl Fn(&Entry<'_>) -> bool) -> Vec<usize> {
    (0..entries.len()).filter(|&i| keep(&entries[i])).collect()
}

/// One match decides; several are an ambiguity; none passes to the next step.
fn decide(found: &[usize], entries: &[Entry<'_>]) -> Result<Option<usize>, Miss> {
    match found {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => Err(Miss::Ambiguous(
            many.iter().map(|&i| entries[i].display()).collect(),
        )),
    }
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions), by chars.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    // Three rows: two back (for transpositions), one back, current.
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions() -> Vec<Entry<'static>> {
        vec![
            Entry::new("South West", ["south-west", "SW"]),
            Entry::new("South East", ["south-east", "SE"]),
            Entry::new("South London", ["south-london"]),
            Entry::new("West London", ["west-london"]),
            Entry::new("North & East London", ["north-and-east-london"]),
            Entry::new("Northern Ireland", ["NI", "N Ireland"]),
            Entry::new("Scotland", ["scotland"]),
        ]
    }

    #[test]
    fn tokens_read_ampersand_as_and_and_drop_filler() {
        assert_eq!(tokens("Yorkshire & the Humber"), ["yorkshire", "humber"]);
        assert_eq!(
            tokens("  north-and-east   LONDON "),
            ["north", "east", "london"]
        );
        assert_eq!(tokens("The"), ["the"]);
        assert_eq!(key("N. Ireland"), "nireland");
    }

    #[test]
    fn slugs_are_url_friendly() {
        assert_eq!(slug("North & East London"), "north-and-east-london");
        assert_eq!(slug(" Yorkshire & the Humber "), "yorkshire-and-the-humber");
    }

    #[test]
    fn exact_keys_match_whatever_the_spelling() {
        let r = regions();
        for q in [
            "south west",
            "SOUTH-WEST",
            "  South   West ",
            "sw",
            "North and East London",
            "north east london",
            "n ireland",
            "N.I.",
        ] {
            assert!(resolve(q, &r).is_ok(), "{q}");
        }
        assert_eq!(resolve("North East London", &r), Ok(4));
    }

    #[test]
    fn a_token_may_stand_for_the_name_unless_ambiguous() {
        let r = regions();
        assert_eq!(resolve("Ireland", &r), Ok(5));
        assert_eq!(
            resolve("London", &r),
            Err(Miss::Ambiguous(vec![
                "South London".into(),
                "West London".into(),
                "North & East London".into()
            ]))
        );
    }

    #[test]
    fn small_typos_are_corrected_large_ones_suggested() {
        let r = regions();
        assert_eq!(resolve("Scotlnd", &r), Ok(6));
        assert_eq!(
            resolve("Sout Wst", &r),
            Err(Miss::Unknown(vec![
                "South West".into(),
                "South East".into()
            ]))
        );
        assert_eq!(resolve("", &r), Err(Miss::Unknown(vec![])));
        assert!(matches!(resolve("Atlantis", &r), Err(Miss::Unknown(_))));
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("yasmindar", "yasminedar"), 1);
    }
}
