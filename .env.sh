export WT=/work/wt-keha
export PYTHONPATH=$WT:$WT/libs/servicekit:$WT/services/areas:$WT/services/funding:$WT/services/caseload:$WT/services/offices:$WT/services/partners:$WT/gateway
export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres
PY=/work/main/.venv/bin/python
