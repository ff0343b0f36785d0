using StackExchange.Redis;

namespace Web.Tests.Infrastructure;

public static class UnreachableRedis
{
    // A real multiplexer with no server behind it: ConsistencyTokenStore degrades to "no token", as in production when Redis is down.
    public static readonly IConnectionMultiplexer Instance = ConnectionMultiplexer.Connect("127.0.0.1:1,abortConnect=false,connectTimeout=100");
}
