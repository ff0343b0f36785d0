namespace Web.Security;

// What the Web's pages may load and run. Blazor needs no 'unsafe-inline' or 'unsafe-eval': its scripts are files
// ('self'), the one inline script is <ImportMap />'s import map (it carries the nonce), the live panel's WebSocket
// is same-origin ('self' covers ws: and wss: on the page's own host and port), and no markup has style attributes.
public static class ContentSecurityPolicy
{
    public static string For(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self'; " +
        "img-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";
}
