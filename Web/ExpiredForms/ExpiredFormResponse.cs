using Microsoft.AspNetCore.Antiforgery;

namespace Web.ExpiredForms;

// A form post whose antiforgery token is missing or invalid (a page open for long, a key rotated, a
// forged post from another site) stops here: nothing behind it runs, and the browser is sent to a
// page that explains it, instead of Blazor's message for developers.
public static class ExpiredFormResponse
{
    public const string PagePath = "/form-expired";

    public static IApplicationBuilder UseExpiredFormResponse(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                context.Response.StatusCode = StatusCodes.Status303SeeOther;
                context.Response.Headers.Location = PagePath;
                return Task.CompletedTask;
            }
            return next(context);
        });
}
