from servicekit.migrations import run_env

from areas.models import Base

run_env(Base.metadata)
