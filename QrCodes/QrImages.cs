using QRCoder;

namespace QrCodes;

// A short URL's QR code as PNG and SVG, drawn by QRCoder: for the link page and for download.
public static class QrImages
{
    private const int PixelsPerModule = 4;

    public static byte[] Png(string text, int pixelsPerModule = PixelsPerModule)
    {
        using var data = Encode(text);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string Svg(string text)
    {
        using var data = Encode(text);
        return new SvgQRCode(data).GetGraphic(PixelsPerModule);
    }

    private static QRCodeData Encode(string text)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
    }
}
