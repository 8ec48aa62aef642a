"""Job functions the tests start by dotted path, as real callers do."""

from jobs.services import JobFailed


def count_rows(job, rows):
    for done in range(1, rows + 1):
        job.report(done * 100 // rows, f"Đã xử lý {done}/{rows} dòng")
    job.result = {"rows": rows, "url": "/ke-hoach/", "link_label": "Về danh sách kế hoạch"}
    job.attach("ket-qua.txt", f"{rows} dòng".encode())


def refuse(job):
    raise JobFailed("Tệp không có dòng tiêu đề.")


def crash(job):
    raise ZeroDivisionError("bug")
