import Foundation
import Testing
import YuhengCore
import YuhengData
import YuhengInventory

/// Amounts that overflow (issue 14, item 17): "Total: inf t CO2e, ±-nan %" with exit 0 before.
@Suite("inventory: overflowing amounts are errors naming the line")
struct InventoryOverflowTests {
    @Test("1e308 Gg of natural gas: error on its line and field, not an infinite total")
    func overflowingAmount() throws {
        let activities = try Fixture.parse(
            "id,category,method,item,amount,unit\nok,1A1,stationary,natural_gas,10,TJ\nbig,1A1,stationary,natural_gas,1e308,Gg\n")
        do {
            let r = try Fixture.engine().compute(activities, fileName: "test.csv")
            Issue.record("expected an error, got a total of \(r.totalCO2eTonnes)")
        } catch let e as InventoryError {
            #expect(e.code == .invalidNumber && e.line == 3 && e.field == "amount" && e.file == "test.csv", "\(e)")
            #expect(e.message.contains("not a finite number"), "\(e)")
        }
    }

    @Test("activities each finite whose sum overflows: error naming the total")
    func overflowingSum() throws {
        let rows = (1...3).map { "a\($0),1A1,stationary,natural_gas,1e306,TJ" }.joined(separator: "\n")
        let activities = try Fixture.parse("id,category,method,item,amount,unit\n" + rows + "\n")
        do {
            let r = try Fixture.engine().compute(activities, fileName: "test.csv")
            Issue.record("expected an error, got a total of \(r.totalCO2eTonnes)")
        } catch let e as InventoryError {
            #expect(e.code == .invalidNumber && e.message.contains("not a finite number"), "\(e)")
        }
    }
}
