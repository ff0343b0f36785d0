using System.Globalization;
using Api.Redirects;
using Microsoft.OpenApi;

namespace Api.OpenApi;

// GET /{code}/qr answers an image, not JSON, and reads its query as text to check it itself (a message per field):
// the document says what the image is and which values the query takes.
public static class QrCodeDescription
{
    public static RouteHandlerBuilder DescribeQrCode(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.GetValueOrDefault("200") is OpenApiResponse image)
            {
                image.Description = "The QR code of the link's short URL.";
                image.Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["image/png"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                    ["image/svg+xml"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                };
            }
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                parameter.Schema = parameter.Name switch
                {
                    "format" => new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = [QrImageRequest.Png, QrImageRequest.Svg],
                        Default = QrImageRequest.Png,
                    },
                    "size" => new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer,
                        Minimum = QrImageRequest.MinimumSize.ToString(CultureInfo.InvariantCulture),
                        Maximum = QrImageRequest.MaximumSize.ToString(CultureInfo.InvariantCulture),
                        Default = QrImageRequest.DefaultSize,
                    },
                    _ => parameter.Schema,
                };
            }
            return Task.CompletedTask;
        });
}
