//! `slatewise count FILE`: count an election file and print its transcript.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use slatewise_stv::arith::ArithmeticKind;
use slatewise_stv::io::{self, CsvOptions, Format, ParseError};
use slatewise_stv::{DefeatBatch, Method, Rules, SeatConstraint};

use crate::error::CliError;
use crate::output;

/// How to print the transcript.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A readable stage table.
    Text,
    /// One JSON object (the transcript's serde form).
    Json,
    /// One row per stage.
    Csv,
}

/// Arguments of `slatewise count`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The election file: BLT, CSV or JSON (chosen by extension; see --input-format). `-` reads
    /// standard input.
    pub file: PathBuf,
    /// Counting rule: scottish, wigm, meek, warren, ers97 or nec.
    #[arg(long, default_value = "meek", value_parser = parse_method)]
    pub rule: Method,
    /// Seats to fill (required for CSV files; overrides the file's number otherwise).
    #[arg(long)]
    pub seats: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Input format, overriding the file extension: blt, csv or json.
    #[arg(long, value_parser = parse_format)]
    pub input_format: Option<Format>,
    /// CSV delimiter (a single character); detected when omitted.
    #[arg(long)]
    pub delimiter: Option<char>,
    /// At least N seats for candidates tagged CATEGORY (repeatable), e.g. --min women=4.
    #[arg(long = "min", value_name = "CATEGORY=N", value_parser = parse_limit)]
    pub min: Vec<(String, usize)>,
    /// At most N seats for candidates tagged CATEGORY (repeatable), e.g. --max men=5.
    #[arg(long = "max", value_name = "CATEGORY=N", value_parser = parse_limit)]
    pub max: Vec<(String, usize)>,
    /// Decimal places of fixed or guarded arithmetic (default: the rule's).
    #[arg(long)]
    pub precision: Option<u32>,
    /// Guard places for guarded arithmetic (default: same as precision).
    #[arg(long)]
    pub guard: Option<u32>,
    /// Decimal places shown (default: the precision).
    #[arg(long)]
    pub display: Option<u32>,
    /// Meek/Warren: stop iterating when the surplus is below 10^-W.
    #[arg(long)]
    pub omega: Option<u32>,
    /// Arithmetic: fixed, guarded or rational (default: the rule's).
    #[arg(long, value_parser = parse_arithmetic)]
    pub arithmetic: Option<ArithmeticKind>,
    /// Meek/Warren batch defeats: none, zero or safe.
    #[arg(long, value_parser = parse_defeat_batch)]
    pub defeat_batch: Option<DefeatBatch>,
    /// Seed for ties broken by lot (recorded in the transcript).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn parse_method(s: &str) -> Result<Method, String> {
    s.parse()
}
fn parse_format(s: &str) -> Result<Format, String> {
    s.parse().map_err(|e: io::UnknownFormat| e.to_string())
}
fn parse_arithmetic(s: &str) -> Result<ArithmeticKind, String> {
    s.parse()
}
fn parse_defeat_batch(s: &str) -> Result<DefeatBatch, String> {
    s.parse()
}
fn parse_limit(s: &str) -> Result<(String, usize), String> {
    let (tag, n) = s
        .split_once('=')
        .ok_or_else(|| format!("expected CATEGORY=N, got {s:?}"))?;
    let n = n
        .trim()
        .parse()
        .map_err(|_| format!("expected a whole number after '=', got {n:?}"))?;
    if tag.trim().is_empty() {
        return Err(format!("expected a category name before '=', got {s:?}"));
    }
    Ok((tag.trim().to_string(), n))
}

/// Build the rules from the preset and the overrides.
pub fn rules_from(args: &Args) -> Rules {
    let mut rules = Rules::preset(args.rule);
    if let Some(a) = args.arithmetic {
        rules.arithmetic = a;
        if a == ArithmeticKind::Guarded && args.guard.is_none() {
            rules.guard = args.precision.unwrap_or(rules.precision);
        }
    }
    if let Some(p) = args.precision {
        rules.precision = p;
        rules.display = p;
    }
    if let Some(g) = args.guard {
        rules.guard = g;
    }
    if let Some(d) = args.display {
        rules.display = d;
    }
    if let Some(w) = args.omega {
        rules.omega = w;
    }
    if let Some(b) = args.defeat_batch {
        rules.defeat_batch = b;
    }
    rules.seed = args.seed;
    for (tag, min) in &args.min {
        rules.constraints.push(SeatConstraint {
            tag: tag.clone(),
            min: *min,
            max: None,
        });
    }
    for (tag, max) in &args.max {
        match rules.constraints.iter_mut().find(|c| &c.tag == tag) {
            Some(c) => c.max = Some(*max),
            None => rules.constraints.push(SeatConstraint {
                tag: tag.clone(),
                min: 0,
                max: Some(*max),
            }),
        }
    }
    rules
}

/// Run `slatewise count`.
pub fn run(args: Args) -> Result<(), CliError> {
    let source = args.file.display().to_string();
    let format = match args.input_format {
        Some(f) => f,
        None => Format::from_path(&args.file).ok_or_else(|| {
            CliError::msg(format!(
                "{source}: cannot tell the format from the file name; expected a .blt, .csv or .json file, or --input-format"
            ))
        })?,
    };
    let mut input = Input::open(&args.file, &source)?;
    let csv_seats = match (format, args.seats) {
        (Format::Csv, None) => {
            return Err(CliError::msg(format!(
                "{source}: a CSV file does not say how many seats; give --seats N"
            )));
        }
        (_, seats) => seats.unwrap_or(1),
    };
    let mut csv = CsvOptions::new(csv_seats);
    if let Some(d) = args.delimiter {
        let byte = u8::try_from(d).ok().filter(u8::is_ascii).ok_or_else(|| {
            CliError::msg(format!(
                "--delimiter must be a single ASCII character, got {d:?}"
            ))
        })?;
        csv.delimiter = Some(byte);
    }
    let mut election =
        io::read_from(format, &mut input, &source, &csv).map_err(|e| input.error(e))?;
    if let Some(seats) = args.seats {
        election.seats = seats;
    }
    let rules = rules_from(&args);
    let transcript = slatewise_stv::count(&election, &rules)
        .map_err(|e| CliError::msg(format!("{source}: {e}")))?;
    let text = match args.format {
        OutputFormat::Text => transcript.to_text(),
        OutputFormat::Json => {
            let mut json = transcript.to_json();
            json.push('\n');
            json
        }
        OutputFormat::Csv => transcript.to_csv(),
    };
    output::emit(args.out.as_deref(), &text)
}

/// The election file, or standard input for `-`, read as it is parsed rather than first read
/// whole. It is opened and its first bytes read at once, so that a file that cannot be read is
/// reported before anything else, as an I/O error naming it; so is a read that fails later.
struct Input {
    reader: Box<dyn BufRead>,
    /// The file named in I/O errors.
    path: String,
    /// The error of a read that failed.
    failure: Option<std::io::Error>,
}

impl Input {
    fn open(file: &Path, source: &str) -> Result<Input, CliError> {
        let io_error = |path: &str| {
            let path = path.to_owned();
            move |source| CliError::Io { path, source }
        };
        let (reader, path): (Box<dyn BufRead>, &str) = if source == "-" {
            (Box::new(std::io::stdin().lock()), "<stdin>")
        } else {
            let file = File::open(file).map_err(io_error(source))?;
            (Box::new(BufReader::new(file)), source)
        };
        let mut input = Input {
            reader,
            path: path.to_owned(),
            failure: None,
        };
        input.reader.fill_buf().map_err(io_error(path))?;
        Ok(input)
    }

    /// The error to report when reading failed with `error`: the I/O error behind it, if any.
    fn error(&mut self, error: ParseError) -> CliError {
        match self.failure.take() {
            Some(source) => CliError::Io {
                path: self.path.clone(),
                source,
            },
            None => CliError::msg(error),
        }
    }
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.reader.read(buf).map_err(|e| {
            if e.kind() == std::io::ErrorKind::Interrupted {
                return e;
            }
            let kind = e.kind();
            self.failure = Some(e);
            kind.into()
        })
    }
}
