//! Tuning of glibc's allocator for the command's large buffers.
//!
//! glibc serves a large allocation with its own memory map and returns it to the system when
//! freed — but by default, each time such a block is freed it raises that size limit to the
//! block's size, so later large buffers (a count's ballots, plans and transcripts, grown and
//! dropped as the count goes) come from the heap, where freed pages stay resident and peak
//! memory grows by megabytes. The command fixes the limit at 64 KiB instead: with the corpus's
//! 100,000-ballot profile under Meek, peak resident memory falls from about 27 MB to 24 MB, at
//! no cost in time (see `benches/compare-stv-rs.sh`).

/// Serve every allocation of 64 KiB or more with its own memory map, returned to the system
/// when freed. Call first thing, before any other thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune() {
    const THRESHOLD: libc::c_int = 64 * 1024;
    // SAFETY: `mallopt` only sets a parameter of glibc's allocator; it is called before any
    // other thread exists, and an unaccepted value is ignored (it returns 0), which is fine.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
    }
}

/// Nothing to tune outside glibc.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune() {}
