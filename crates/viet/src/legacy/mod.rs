//! Legacy Vietnamese 8-bit encodings (TCVN3, VNI).

#[allow(dead_code)] // used by the decoders, next commit
mod tables;
