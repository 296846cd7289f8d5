package outpost.edge.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;
import outpost.common.error.ErrorCode;
import outpost.common.error.OutpostException;

/** A QR code as a small SVG: one path of unit squares, so it stays sharp at any size on any screen. */
final class QrSvg {
  /** The quiet zone the QR standard asks for, in modules. */
  static final int MARGIN = 2;

  private QrSvg() {}

  static String of(String text) {
    BitMatrix m;
    try {
      // Width and height 0: the matrix at its natural size, one cell per module.
      m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.MARGIN, MARGIN, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
              EncodeHintType.CHARACTER_SET, "UTF-8"));
    } catch (WriterException | IllegalArgumentException e) {
      throw new OutpostException(ErrorCode.INTERNAL_ERROR, "cannot draw a QR code of " + text + ": " + e.getMessage());
    }
    int w = m.getWidth();
    int h = m.getHeight();
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (m.get(x, y)) {
          path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h
        + "\" shape-rendering=\"crispEdges\"><rect width=\"" + w + "\" height=\"" + h + "\" fill=\"#fff\"/>"
        + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
  }
}
