from servicekit.errors import Conflict, NotFound


class MunicipalityNotFound(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(f"No municipality with code '{code}'.")


class MunicipalityExists(Conflict):
    def __init__(self, code: str) -> None:
        super().__init__(f"A municipality with code '{code}' already exists.")
