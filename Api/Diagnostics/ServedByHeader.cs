using ApiContract;

namespace Api.Diagnostics;

// Every response says which replica answered it, so anyone can watch requests spread over replicas.
public static class ServedByHeader
{
    public static IApplicationBuilder UseServedByHeader(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.Headers[ContractHeaders.ServedBy] = ServiceInstance.Id;
            return next(context);
        });
}
