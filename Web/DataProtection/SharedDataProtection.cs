using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace Web.DataProtection;

// Auth cookies, antiforgery tokens and Blazor's component state are encrypted with these keys. Every
// Web replica reads them from Redis, so what one replica wrote any other can read; none is on local disk, and
// what Redis loses in a restart the running replicas put back (RestoringKeyRepository).
public static class SharedDataProtection
{
    public const string ApplicationName = "links-web";
    public const string RedisKey = "web:data-protection-keys";

    public static IHostApplicationBuilder AddSharedDataProtection(this IHostApplicationBuilder builder)
    {
        // Registered first: hosted services start in order, and data protection's own one loads the key
        // ring (creating a key when it finds none) at start.
        builder.Services.AddHostedService<FirstKeyCreation>();
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        builder.Services.AddSingleton(services =>
            new RestoringKeyRepository(new RedisXmlRepository(() => services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), RedisKey)));
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<RestoringKeyRepository>((options, keys) => options.XmlRepository = keys);
        builder.Services.AddHostedService<KeyRingRestorer>();
        return builder;
    }
}
