namespace Web.Security;

// Outside Development every cookie the Web sets (sign-in, antiforgery, any later one) is Secure, whatever the scheme
// the request arrived with: in Azure the ingress terminates TLS, so the Web itself may only ever see http.
// In Development the local stack serves plain http, and the cookies keep their own settings.
public static class SecureCookies
{
    public static IHostApplicationBuilder AddSecureCookies(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            builder.Services.Configure<CookiePolicyOptions>(options => options.Secure = CookieSecurePolicy.Always);
        }
        return builder;
    }

    // Before anything that sets a cookie: the policy applies to the cookies appended after it.
    public static IApplicationBuilder UseSecureCookies(this IApplicationBuilder app) => app.UseCookiePolicy();
}
