//! placeholder
mod analysis;
mod builtin;
mod design;
mod error;
mod guide;
mod lookup;
mod model;
mod names;
mod partition;
mod table;
mod weights;

pub use analysis::{Analysis, GroupTotal, Tally, UnbalancedPosition, analyse};
pub use builtin::{GV6_2018_MEMBERS_CSV, GV6_2020_JSON, gv6_2020};
pub use design::{Balance, DEFAULT_SHRINK, Design, DesignConfig, design, williams_square};
pub use error::SlateError;
pub use guide::Guide;
pub use lookup::{AFTER_THE_SLATE, Advice};
pub use model::{
    Candidate, Gender, Membership, MembershipFigure, OrderGroup, Recommendation, Region, Slate,
};
pub use partition::{EXACT_LIMIT, Partition, PartitionConfig, partition};
pub use weights::{PERSONAL_HEADER, PersonalVotes, WEIGHTS_HEADER, Weights};
