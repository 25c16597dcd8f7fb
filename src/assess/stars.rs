//! Tim Berners-Lee's five-star scale as a type, so a rating can never be 6 or -1.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A rating on the 5-star open-data scale (0 = nothing usable).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(try_from = "u8", into = "u8")]
pub struct Stars(u8);

impl Stars {
    /// The highest rating.
    pub const MAX: Stars = Stars(5);
    /// No star: nothing usable.
    pub const ZERO: Stars = Stars(0);

    /// A rating; values above 5 are clamped to 5.
    pub const fn new(n: u8) -> Stars {
        Stars(if n > 5 { 5 } else { n })
    }

    /// The number of stars, 0 to 5.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Stars {
    type Error = String;

    fn try_from(n: u8) -> Result<Self, Self::Error> {
        if n <= 5 {
            Ok(Stars(n))
        } else {
            Err(format!("{n} stars is off the 0-5 scale"))
        }
    }
}

impl From<Stars> for u8 {
    fn from(s: Stars) -> u8 {
        s.0
    }
}

impl fmt::Display for Stars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
