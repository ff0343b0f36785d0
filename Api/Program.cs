using Api.Accounts;
using Api.Analytics;
using Api.Clicks;
using Api.DemoData;
using Api.Diagnostics;
using Api.Exports;
using Api.Imports;
using Api.Keys;
using Api.Links;
using Api.OpenApi;
using Api.Operators;
using Api.Overload;
using Api.Problems;
using Api.RateLimiting;
using Api.Redirects;
using Api.Replication;
using Api.Traffic;
using Migrations;
using ReadRouting;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

// The .NET thread pool completes Redis calls, not StackExchange.Redis's own pool of dedicated threads: on two
// cores those threads' scheduling was 15% of a redirect's CPU in the harness's profile (docs/performance.md).
builder.AddRedisClient("cache", configureOptions: options => options.SocketManager = StackExchange.Redis.SocketManager.ThreadPool);
builder.AddRabbitMQClient("messaging");
builder.AddLinksDatabase();

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = ProblemDetailsSetup.MaximumRequestBodyBytes);
builder.Services.AddApiProblemDetails();
builder.Services.AddOpenApi(options => options.AddBearerSecurity().AddApiKeySecurity());
builder.Services.AddSingleton<ApiMetrics>();

builder.AddLoadShedding();
builder.AddSharedRateLimits();
builder.AddAccounts();
builder.AddApiKeys();
builder.AddLinks();
builder.AddRedirects();
builder.AddClicks();
builder.AddAnalytics();
builder.AddImports();
builder.AddReplicationMonitor();
builder.AddSystemTraffic();
builder.AddOperators();
builder.AddDemoData();

var app = builder.Build();

await app.MigrateAtStartIfEnabledAsync();

app.UseServedByHeader();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseApiKeyRequestLimit();
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
    app.MapNewestCodesEndpoints();
}

app.MapAccountEndpoints();
app.MapApiKeyEndpoints();
app.MapLinkEndpoints();
app.MapLinkStatsEndpoints();
app.MapExportEndpoints();
app.MapImportEndpoints();
app.MapReplicationEndpoints();
app.MapSystemTrafficEndpoints();
app.MapLinkDisablingEndpoints();
app.MapDemoDataEndpoints();
app.MapQrCodes();
app.MapRedirects();

app.Run();
