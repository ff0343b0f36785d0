using Microsoft.Extensions.DependencyInjection.Extensions;
using Web.Accounts;
using Web.ApiClient;
using Web.DataProtection;
using Web.ExpiredForms;
using Web.Links;
using Web.Security;
using Web.Shell;
using Web.SystemPage;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

builder.AddRedisClient("cache");
builder.AddSharedDataProtection();
builder.AddCookieSignIn();
builder.AddSecureCookies();
builder.AddApiClient();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSingleton<VisitorRedirectBurst>();

// Static server rendering everywhere; only the system page's live panel runs interactively.
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    // Sent on https requests only; behind Azure's ingress the Web learns the scheme from X-Forwarded-Proto.
    app.UseHsts();
}
// Every response says which web replica served it, so anyone can watch page loads spread over replicas.
app.Use((context, next) =>
{
    context.Response.Headers[ApiContract.ContractHeaders.ServedBy] = ServiceInstance.Id;
    return next(context);
});
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseSecurityHeaders();
app.UseSecureCookies();

app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.UseExpiredFormResponse();

app.MapStaticAssets();
// Blazor's own "frame-ancestors 'self'" header (it guards the compressed WebSocket) would be a second CSP: ours
// already sends frame-ancestors 'none' on every response (Web/Security/ContentSecurityPolicy.cs).
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
app.MapSignOut();
app.MapQrDownloads();
app.MapCsvDownloads();

app.MapDefaultEndpoints();

app.Run();
