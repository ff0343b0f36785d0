using ReadRouting;
using Worker.Clicks;
using Worker.Diagnostics;
using Worker.Imports;

// The Worker is a web host only so that it can answer /health and /alive like every other service.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

builder.AddRabbitMQClient("messaging");
builder.AddLinksDatabase();

builder.Services.AddSingleton<WorkerMetrics>();

builder.AddClickIngestion();
builder.AddImports();
builder.Services.AddHostedService<QueueDepthMonitor>();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
