//! OCR (placeholder).
