//! Reading BLT as it goes: the heap used does not grow with the size of the input, and a line
//! over the limit is refused without being held.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use slatewise_stv::io::{self, CsvOptions, Format, MAX_LINE_BYTES, blt};

/// The system allocator, counting the bytes in use and the most in use.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = IN_USE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees are those `System.alloc` needs.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What `f` returns, and the most heap in use while it ran beyond what was in use before.
fn peak_heap<T>(f: impl FnOnce() -> T) -> (T, usize) {
    // The tests of this file measure one at a time.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let before = IN_USE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let out = f();
    (out, PEAK.load(Relaxed).saturating_sub(before))
}

/// `line` `times` over, made up as it is read.
struct Repeated {
    line: &'static [u8],
    times: usize,
    at: usize,
}

impl Read for Repeated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() && self.times > 0 {
            let part = &self.line[self.at..];
            let take = part.len().min(buf.len() - n);
            buf[n..n + take].copy_from_slice(&part[..take]);
            n += take;
            self.at += take;
            if self.at == self.line.len() {
                self.at = 0;
                self.times -= 1;
            }
        }
        Ok(n)
    }
}

#[test]
fn a_file_larger_than_the_corpus_is_read_in_a_little_memory() {
    let lines = 2_000_000;
    let file = (&b"3 2\n"[..])
        .chain(Repeated {
            line: b"1 1 2=3 0\n",
            times: lines,
            at: 0,
        })
        .chain(&b"0\nCastor\nPollux\nHelen\nTwins\n"[..]);
    let (election, peak) = peak_heap(|| {
        io::read_from(Format::Blt, file, "big.blt", &CsvOptions::new(1))
            .unwrap_or_else(|e| panic!("{e}"))
    });
    assert_eq!(election.ballots.total_weight().to_u64(), Some(lines as u64));
    assert_eq!(election.title, "Twins");
    // 20 MB of input, held a block and a line at a time.
    assert!(peak < 2 << 20, "{peak} bytes of heap at most");
}

#[test]
fn a_huge_line_is_refused_without_holding_it() {
    let len = 64 << 20;
    let file = (&b"3 2\n4 "[..])
        .chain(std::io::repeat(b'1').take(len))
        .chain(&b" 0\n0\nCastor\nPollux\nHelen\nTwins\n"[..]);
    let (read, peak) = peak_heap(|| blt::read_from(file, "huge.blt"));
    let err = read.expect_err("a line over the limit");
    assert_eq!(
        err.to_string(),
        format!(
            "huge.blt:2: line of {} bytes, expected at most {MAX_LINE_BYTES} bytes per line",
            len + 4
        )
    );
    assert!(peak < 2 * MAX_LINE_BYTES, "{peak} bytes of heap at most");
}
