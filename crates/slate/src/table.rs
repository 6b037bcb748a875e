//! A two-column CSV reader, just enough for `region,supporters` and `candidate,votes` tables.
//!
//! Lines are separated by `\n` or `\r\n`; blank lines and lines starting with `#` are skipped;
//! the first other line is the header, compared without regard to case or spaces. Fields may
//! be double-quoted (`"Yorkshire, Humber"`, `""` for a quote inside). Numbers may carry `_` or
//! `,` as thousands separators (`"112,308"`).

use crate::error::SlateError;

/// One data row: its 1-based line number and its two fields, trimmed.
#[derive(Debug, PartialEq)]
pub(crate) struct Row {
    pub(crate) line: usize,
    pub(crate) name: String,
    pub(crate) value: String,
}

/// The data rows of a two-column table whose header must be `header` (e.g. `"region,supporters"`).
pub(crate) fn rows(text: &str, header: &'static str) -> Result<Vec<Row>, SlateError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
    let found = lines.next().map_or("", |(_, line)| line);
    let normalized: String = found
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect::<String>()
        .to_lowercase();
    if normalized != header {
        return Err(SlateError::CsvHeader {
            expected: header,
            found: found.to_owned(),
        });
    }
    lines
        .map(|(line, text)| {
            let fields = split(text).map_err(|e| e.at_line(line))?;
            match <[String; 2]>::try_from(fields) {
                Ok([name, value]) => Ok(Row { line, name, value }),
                Err(fields) => Err(SlateError::CsvSyntax(format!(
                    "expected 2 fields, found {}",
                    fields.len()
                ))
                .at_line(line)),
            }
        })
        .collect()
}

/// Split one CSV line into trimmed fields.
fn split(line: &str) -> Result<Vec<String>, SlateError> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (false, ',') => fields.push(std::mem::take(&mut field).trim().to_owned()),
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err(SlateError::CsvSyntax("unclosed quote".into()));
    }
    fields.push(field.trim().to_owned());
    Ok(fields)
}

/// A number as written in a table (thousands separators allowed); not yet checked for sign.
pub(crate) fn number(value: &str) -> Result<f64, SlateError> {
    let digits: String = value.chars().filter(|c| !matches!(c, '_' | ',')).collect();
    digits
        .trim()
        .parse()
        .map_err(|_| SlateError::InvalidNumber(value.to_owned()))
}

/// Reject negative and non-finite figures.
pub(crate) fn checked(number: f64, name: &str) -> Result<f64, SlateError> {
    if !number.is_finite() {
        Err(SlateError::InvalidNumber(number.to_string()))
    } else if number < 0.0 {
        Err(SlateError::NegativeSupporters {
            name: name.to_owned(),
            value: number,
        })
    } else {
        Ok(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_comments_and_crlf() {
        let text = "# note\r\nRegion, Supporters\r\n\r\n\"Yorkshire, \"\"Humber\"\"\",\"1,200\"\r\nWales,3\n";
        let rows = rows(text, "region,supporters").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 4);
        assert_eq!(rows[0].name, "Yorkshire, \"Humber\"");
        assert_eq!(number(&rows[0].value), Ok(1200.0));
        assert_eq!(rows[1].name, "Wales");
    }

    #[test]
    fn wrong_header_and_field_counts_are_errors() {
        let err = rows("name,count\n", "region,supporters").unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected the header \"region,supporters\", found \"name,count\""
        );
        let err = rows("region,supporters\nWales,1,2\n", "region,supporters").unwrap_err();
        assert_eq!(err.to_string(), "line 2: expected 2 fields, found 3");
        let err = rows("region,supporters\n\"Wales,1\n", "region,supporters").unwrap_err();
        assert_eq!(err.to_string(), "line 2: unclosed quote");
    }

    #[test]
    fn numbers_must_be_finite_and_not_negative() {
        let supporters = |v: &str| number(v).and_then(|n| checked(n, "Wales"));
        assert_eq!(supporters("12.5"), Ok(12.5));
        assert_eq!(
            supporters("-3").unwrap_err().to_string(),
            "negative supporters for Wales: -3"
        );
        assert!(supporters("many").is_err());
        assert!(supporters("inf").is_err());
        assert!(supporters("NaN").is_err());
    }
}
