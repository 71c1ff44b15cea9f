import Foundation
import Hummingbird
import YuhengCore

/// `/api/health`: liveness, versions and how busy the server is.
enum SystemRoutes {
    static func register(_ api: APIRegistry, state: ServerState, jobs: JobManager) {
        // Light: answered on the cooperative pool, never behind the computing threads.
        api.add(.get, "/api/health", tag: "system", summary: "Liveness and versions") { _, _ in try health(state, jobs) }
    }

    struct Health: Encodable {
        let status: String, version: String, datasets: Int, job_kinds: [String], busy: Busy
    }

    struct Busy: Encodable { let computing: Int, waiting: Int, threads: Int }

    static func health(_ state: ServerState, _ jobs: JobManager) throws -> Response {
        let work = state.work
        return JSONResponse.make(
            Health(
                status: "ok", version: YuhengCoreInfo.version, datasets: try state.services.data.datasets().count, job_kinds: jobs.kinds,
                busy: Busy(computing: work.active, waiting: work.waiting, threads: work.threads)))
    }
}
