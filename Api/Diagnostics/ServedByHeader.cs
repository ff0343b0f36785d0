namespace Api.Diagnostics;

// Every response says which replica answered it, so anyone can watch requests spread over replicas.
public static class ServedByHeader
{
    public const string Name = "X-Served-By";

    public static IApplicationBuilder UseServedByHeader(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.Headers[Name] = ServiceInstance.Id;
            return next(context);
        });
}
