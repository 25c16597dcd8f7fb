//! Attribution of portal datasets to communes by their publisher strings. (Being written.)
