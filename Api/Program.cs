using Api.Accounts;
using Api.Analytics;
using Api.Caching;
using Api.Clicks;
using Api.Diagnostics;
using Api.Imports;
using Api.Links;
using Api.OpenApi;
using Api.Problems;
using Api.RateLimiting;
using Api.Redirects;
using Api.Replication;
using Api.Traffic;
using Microsoft.AspNetCore.Identity;
using Migrations;
using ReadRouting;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

builder.AddRedisClient("cache");
builder.AddRabbitMQClient("messaging");
builder.AddLinksDatabase();

builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = ProblemDetailsSetup.MaximumRequestBodyBytes);
builder.Services.AddApiProblemDetails();
builder.Services.AddOpenApi(options => options.AddBearerSecurity());
builder.Services.AddAccessTokenAuthentication();

builder.Services.AddSingleton<ApiMetrics>();
builder.Services.AddSingleton<AccountStore>();
builder.Services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
builder.Services.AddSingleton<LinkStore>();
builder.Services.AddSingleton<LinkStatsStore>();
builder.Services.AddOptions<ShortLinkOptions>().BindConfiguration(ShortLinkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<RedirectCacheOptions>().BindConfiguration(RedirectCacheOptions.SectionName);
builder.Services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName);
builder.Services.AddSingleton<SharedRateLimits>();
builder.Services.AddSingleton<RedirectCache>();
builder.Services.AddSingleton<RedirectResolver>();
builder.Services.AddSingleton<PendingCacheRefreshes>();
builder.Services.AddHostedService(services => services.GetRequiredService<PendingCacheRefreshes>());
builder.Services.AddOptions<ClickOptions>().BindConfiguration(ClickOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<VisitorHash>();
builder.Services.AddSingleton<ClickEventFactory>();
builder.Services.AddSingleton<ClickPublisher>();
builder.Services.AddHostedService(services => services.GetRequiredService<ClickPublisher>());
builder.Services.AddSingleton<ImportStore>();
builder.Services.AddSingleton<ImportDispatcher>();
builder.Services.AddHostedService(services => services.GetRequiredService<ImportDispatcher>());
builder.Services.AddSingleton<ReplicationMonitor>();
builder.Services.AddHostedService(services => services.GetRequiredService<ReplicationMonitor>());
builder.Services.AddSingleton<TrafficCounters>();
builder.Services.AddSingleton<TrafficReports>();
builder.Services.AddHostedService<TrafficReporter>();
builder.Services.AddSingleton<ClickQueueProbe>();
builder.Services.AddSingleton<ClicksRecordedProbe>();

var app = builder.Build();

await app.MigrateAtStartIfEnabledAsync();

app.UseServedByHeader();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}

app.MapAccountEndpoints();
app.MapLinkEndpoints();
app.MapLinkStatsEndpoints();
app.MapImportEndpoints();
app.MapReplicationEndpoints();
app.MapSystemTrafficEndpoints();
app.MapRedirects();

app.Run();
