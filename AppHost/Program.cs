using AppHost.Azure;
using AppHost.Containers;
using AppHost.Dashboard;
using AppHost.Deployment;
using AppHost.LocalRuntime;
using AppHost.Postgres;

var builder = DistributedApplication.CreateBuilder(args);

// Redis, RabbitMQ and PostgreSQL run in containers where a container runtime answers; where none does, the local
// runtime runs each as a process by the same name, connection string and health check. Null when containers run them.
// Published, Redis and PostgreSQL are Azure's managed services (AppHost/Azure/, docs/deploy.md).
var localRuntime = LocalProcessRuntime.IfChosen(builder);

var cache = localRuntime?.AddRedis("cache")
    ?? builder.AddAzureManagedRedisWhenPublished("cache")
    ?? builder.AddRedis("cache");
cache.WithIconName("Memory");

// Its dashboard commands purge the dead-letter queues or replay their messages through the topology. Published, the
// container is a labelled demo (its queues are not durable there) unless an external broker is chosen.
var messaging = (localRuntime?.AddRabbitMQ("messaging")
        ?? builder.AddExternalBrokerWhenChosen("messaging")
        ?? builder.AddRabbitMQ("messaging").WithManagementPluginWhenRun().WithManagementUrl().WithEphemeralStorageLabelWhenPublished())
    .WithDeadLetterCommands()
    .WithIconName("MailInbox");

var postgres = localRuntime?.AddPostgres("postgres")
    ?? builder.AddAzurePostgresWhenPublished("postgres")
    ?? builder.AddPostgres("postgres").AsReplicationPrimary().WithDataVolumeWhenRun();
postgres.WithIconName("Database");
var links = postgres.AddDatabase("links");

// Reads go to the replica when it has replayed what they must see; its dashboard commands pause and resume replay.
var postgresReplica = (localRuntime?.AddStreamingReplica("postgres-replica", primary: postgres)
        ?? builder.AddAzurePostgresReplicaWhenPublished("postgres-replica", primary: postgres)
        ?? builder.AddStreamingReplica("postgres-replica", primary: postgres))
    .WithReplayCommands()
    .WithIconName("DatabaseStack");
var linksReplica = postgresReplica.AddDatabase("links-replica", databaseName: "links");

// The links schema has one owner: this run-once step, finished before the api and the worker start. Container Apps
// has no such step, so it is not published and each api replica migrates at start there instead (docs/deploy.md).
var migrations = builder.AddProject<Projects.Migrations>("migrations")
    .WithReference(links).WaitFor(links)
    .WithParentRelationship(links)
    .ExcludeFromManifest();

// Every api replica signs and checks access tokens with this key alone: no session lives in a replica.
var accessTokenSigningKey = builder.AddParameter("accesstokensigningkey", new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true)
    .WithDescription("The key every api replica signs and checks access tokens with (HMAC). Generated once and kept in user secrets; a new value makes every access token already issued invalid.");

// Lets the web pass its browsers' addresses to the api's per-client limits; the api trusts them from no one else.
var webForwardingKey = builder.AddParameter("webforwardingkey", new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true)
    .WithDescription("Shared by the web and the api: with it the web passes its browsers' addresses to the api's per-client limits. Generated once and kept in user secrets.");

// The operator's key for the api's operator endpoints (disabling a link); the dashboard's link commands send it.
var operatorKey = builder.AddParameter("operatorkey", new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true, persist: true)
    .WithDescription("The operator's key for the api's operator endpoints (disabling a link), sent in X-Operator-Key; the api's Disable link and Enable link commands send it. Generated once and kept in user secrets.");

var api = builder.AddProject<Projects.Api>("api")
    .WithReplicas(3)
    .WithExternalHttpEndpoints()
    .WithEnvironment("AccessTokens__SigningKey", accessTokenSigningKey)
    .WithEnvironment("WebForwarding__Key", webForwardingKey)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(links).WaitFor(links)
    .WithReference(linksReplica).WaitFor(linksReplica)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithShortLinkUrls()
    .WithRedirectBurstCommand()
    .WithLinkDisablingCommands(operatorKey)
    .WithDemoData(operatorKey)
    .WithForwardedHeadersWhenPublished()
    .WithMigrationsAtStartWhenPublished();
// Short links point at the api itself: it serves the redirects.
api.WithEnvironment("ShortLinks__BaseUrl", api.PublicEndpoint());

builder.AddProject<Projects.Worker>("worker")
    .WithReplicas(2)
    .WithEnvironment("ShortLinks__BaseUrl", api.PublicEndpoint())
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(links).WaitFor(links)
    .WithReference(linksReplica).WaitFor(linksReplica)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithoutIngressWhenPublished();

// Keys, sign-in and antiforgery live in Redis and the auth cookie, so any web replica serves any page.
var web = builder.AddProject<Projects.Web>("web")
    .WithReplicas(2)
    .WithExternalHttpEndpoints()
    .WithEnvironment("WebForwarding__Key", webForwardingKey)
    .WithReference(cache).WaitFor(cache)
    .WithReference(api).WaitFor(api)
    .WithHttpHealthCheck("/health")
    .WithHomeUrl()
    .WithForwardedHeadersWhenPublished();
// The api's page for an unknown short link links home to the Web. An address only, no WaitFor: the web waits for the api.
api.WithEnvironment("Web__BaseUrl", web.PublicEndpoint());

builder.Build().Run();
