namespace Web.Security;

// Browser hardening on every response the Web sends: pages, static files, error and not-found pages.
public static class SecurityHeaders
{
    // After UseExceptionHandler and UseStatusCodePages: their re-executed requests pass here again, so the
    // error and not-found pages get the headers (and a nonce) too.
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy.For(CspNonce.Create(context));
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers.XFrameOptions = "DENY"; // frame-ancestors for browsers that predate it
            return next(context);
        });
}
