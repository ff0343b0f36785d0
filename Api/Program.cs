using Api.Diagnostics;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

builder.AddRedisClient("cache");
builder.AddRabbitMQClient("messaging");
builder.AddNpgsqlDataSource("links");
builder.AddKeyedNpgsqlDataSource("links-replica");

var app = builder.Build();

app.UseServedByHeader();

app.MapDefaultEndpoints();

app.Run();
