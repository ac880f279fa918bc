//! Pictures a club gives Clubroom (its logo): which ones can be kept and drawn. The check
//! lives with the picture, so the club's details can refuse a picture that no printed
//! document could show without knowing anything of printing.

use printpdf::RawImage;

use crate::error::{Error, Result};

/// Reads a PNG or JPEG picture, or says plainly why it cannot be used.
pub fn decode(bytes: &[u8]) -> Result<RawImage> {
    let is_png = bytes.starts_with(b"\x89PNG\r\n\x1a\n");
    let is_jpeg = bytes.starts_with(&[0xff, 0xd8, 0xff]);
    if !is_png && !is_jpeg {
        return Err(Error::Invalid(
            "That file is not a PNG or JPEG picture: save the logo as PNG or JPEG and try again."
                .into(),
        ));
    }
    RawImage::decode_from_bytes(bytes, &mut Vec::new()).map_err(|e| {
        Error::Invalid(format!(
            "That picture could not be read ({e}): try saving it again as PNG or JPEG."
        ))
    })
}

/// Checks that a picture can be printed (a PNG or JPEG that decodes).
pub fn check(bytes: &[u8]) -> Result<()> {
    decode(bytes).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_that_is_not_png_or_jpeg_is_refused_in_words() {
        let error = check(b"GIF89a not a logo").unwrap_err();
        assert!(error.to_string().contains("not a PNG or JPEG"), "{error}");
    }

    #[test]
    fn a_png_header_over_nonsense_is_refused_as_unreadable() {
        let error = check(b"\x89PNG\r\n\x1a\nthen nothing a picture holds").unwrap_err();
        assert!(error.to_string().contains("could not be read"), "{error}");
    }
}
