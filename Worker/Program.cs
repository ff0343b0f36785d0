using Worker.Clicks;
using Worker.Diagnostics;

// The Worker is a web host only so that it can answer /health and /alive like every other service.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

builder.AddRabbitMQClient("messaging");
builder.AddNpgsqlDataSource("links");

builder.Services.AddSingleton<WorkerMetrics>();
builder.Services.AddSingleton<ClickBatchWriter>();
builder.Services.AddHostedService<ClickConsumer>();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
